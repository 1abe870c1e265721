package dev.pagos.provider;

import dev.pagos.money.Money;
import java.util.UUID;

/**
 * Gives a captured payment back to the buyer through the provider (PaymentsWay's {@code ReversarTransaccion}).
 * Implementations check the provider's record first, so a payment already refunded is not reversed again, and
 * return what the provider's API says afterwards: only a confirmed {@link ConfirmedPayment.Stage#REFUNDED} moves an
 * order. Transient failures are retried and then thrown as {@link ProviderUnavailableException}; a refusal is a
 * {@link ProviderRejectedException}.
 */
public interface PaymentRefunds {

    ProviderName provider();

    ConfirmedPayment refund(RefundRequest request);

    /** @param amount what the order was paid (a full refund: partial refunds are not attested for any provider here) */
    record RefundRequest(UUID orderId, String providerPaymentId, Money amount) {
    }
}
