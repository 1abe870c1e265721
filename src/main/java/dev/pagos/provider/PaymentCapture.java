package dev.pagos.provider;

/**
 * The second step of providers whose approval only authorises (PayPal's intent CAPTURE). Providers that
 * take the money when the buyer pays (Wompi) do not implement it.
 */
public interface PaymentCapture {

    ProviderName provider();

    /** Captures an approved checkout; calling it again for the same order captures nothing more. */
    ConfirmedPayment capture(CaptureRequest request);
}
