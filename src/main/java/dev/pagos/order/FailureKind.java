package dev.pagos.order;

/**
 * Why an order ended FAILED when it was not the payment that failed. Kept apart from {@link OrderStatus} so the
 * forward-only table stays as it is: whatever the kind, a FAILED order is final and grants nothing.
 */
public enum FailureKind {
    /** The buyer cancelled the checkout before paying. */
    CANCELLED,
    /** The checkout was not paid within its lifetime. */
    EXPIRED
}
