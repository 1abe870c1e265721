package dev.pagos.provider;

import dev.pagos.money.Money;
import java.util.Optional;

/**
 * A provider that charges a stored card again and again (Wompi: tokens, payment sources, transactions with a
 * payment source). It has no subscriptions of its own: Pagos keeps the subscription and decides when to charge.
 * Implementations retry transient failures themselves and then throw {@link ProviderUnavailableException}; a
 * definitive refusal is a {@link ProviderRejectedException}. No message of either ever holds card data.
 */
public interface TokenCharges {

    ProviderName provider();

    /** The terms the payer accepts with the payment source (Wompi's presigned acceptance tokens). */
    record Acceptance(String acceptanceToken, String personalDataToken) {
    }

    /** A charge of a stored payment source. {@code reference} is ours and identifies the charge for good. */
    record ChargeRequest(String reference, Money amount, String paymentSourceId, String customerEmail) {
    }

    /** What the provider says about one charge, read from its answer or its API (never from a webhook body). */
    record ChargeResult(String providerPaymentId, Outcome outcome, String reference, Money amount, String providerStatus) {
    }

    /** What a charge came to, in our words. */
    enum Outcome {
        /** The provider has the charge and has not decided yet. */
        PENDING,
        APPROVED,
        /** Declined by the bank, errored at the network or voided: no money moved. */
        DECLINED
    }

    Acceptance acceptance();

    /** Turns raw card data into a single-use token; the data is sent once and kept nowhere. */
    String tokenize(CardDetails card);

    /** @return the provider's id of a reusable payment source made from a card token */
    String createPaymentSource(String cardToken, String customerEmail, Acceptance acceptance);

    /** Charges a payment source; sending the same request again (same reference) is the same logical call. */
    ChargeResult charge(ChargeRequest request);

    /** The charge as the provider has it now. */
    ChargeResult lookup(String providerPaymentId);

    /** The charge made with our reference, if the provider has one: how an answer lost on the way is found again. */
    Optional<ChargeResult> findByReference(String reference);
}
