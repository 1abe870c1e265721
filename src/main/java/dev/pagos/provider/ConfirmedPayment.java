package dev.pagos.provider;

import dev.pagos.money.Money;

/**
 * What the provider's own API says about a checkout, read from it directly (never from a webhook's body):
 * the only basis on which an order is granted, failed or refunded.
 *
 * @param reference the reference we gave the provider (our order id), as the provider has it on record
 * @param amount what was approved, captured or refunded, as the provider has it; null when it reports none
 * @param captureId the provider's id of the capture, once there is one
 * @param providerStatus the provider's own words, for the audit trail
 */
public record ConfirmedPayment(Stage stage, String reference, Money amount, String captureId, String providerStatus) {

    public enum Stage {
        /** The buyer has not approved yet. */
        AWAITING_BUYER,
        /** The buyer approved; the money is ours once we capture. */
        APPROVED,
        /** Captured, but the provider holds the funds (e.g. an eCheck); a later change settles it. */
        CAPTURE_PENDING,
        /** The money is ours. */
        CAPTURED,
        /** Refused by the provider or the buyer's bank, or the checkout was voided. */
        DECLINED,
        /**
         * Annulled by the provider or the merchant (Wompi's VOIDED): a decline if the money had not settled with us
         * yet, a refund if it had.
         */
        VOIDED,
        /** Captured money went back to the buyer (refund, reversal, chargeback). */
        REFUNDED
    }
}
