package dev.pagos.provider;

import dev.pagos.money.Money;

/**
 * The provider's answer to a capture, already mapped to our terms. {@code providerStatus} keeps the
 * provider's own word for the audit trail.
 */
public record CaptureResult(CaptureOutcome outcome, String captureId, Money captured, String providerStatus) {

    public enum CaptureOutcome {
        /** The money is ours. */
        COMPLETED,
        /** Accepted, but the provider holds the funds; a later event settles it. */
        PENDING,
        /** Refused by the provider or the buyer's bank. */
        DECLINED
    }
}
