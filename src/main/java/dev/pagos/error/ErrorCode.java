package dev.pagos.error;

/** Every error a client can see, with the HTTP status it travels with. Clients switch on the code. */
public enum ErrorCode {
    INVALID_REQUEST(400),
    /** A plan/assistants/add-ons purchase with nothing in it. */
    EMPTY_PURCHASE(400),
    /** The assistant that comes free with the plan is also listed among the paid ones. */
    FREE_ASSISTANT_ALSO_PAID(400),
    /** The same assistant or add-on twice in one purchase. */
    DUPLICATE_ITEM(400),
    INVALID_QUANTITY(400),
    INVALID_PERIOD(400),
    /** The card number is not a card number (length, digits, Luhn check): nothing was sent to the provider. */
    CARD_INVALID(400),
    /** The card's expiry month has passed: nothing was sent to the provider. */
    CARD_EXPIRED(400),
    UNAUTHENTICATED(401),
    INVALID_SIGNATURE(401),
    /** The wallet's balance does not cover the payment: nothing was written. */
    INSUFFICIENT_FUNDS(402),
    FORBIDDEN(403),
    NOT_FOUND(404),
    PRODUCT_NOT_FOUND(404),
    ORDER_NOT_FOUND(404),
    PLAN_NOT_FOUND(404),
    ASSISTANT_NOT_FOUND(404),
    ADDON_NOT_FOUND(404),
    /** The provider has no such payment, or it is not one of the caller's orders. */
    PAYMENT_NOT_FOUND(404),
    ROUTE_NOT_FOUND(404),
    /** No subscription for the workspace, or not one the caller may see (the two are not told apart). */
    SUBSCRIPTION_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    ALREADY_OWNED(409),
    ORDER_NOT_CANCELLABLE(409),
    ORDER_NOT_REFUNDABLE(409),
    REFUND_IN_PROGRESS(409),
    /** A review desk action on something that is not (or no longer) waiting for it: nothing changed. */
    REVIEW_NOT_OPEN(409),
    /** Accepting a reviewed payment the provider's own record does not bear out (status, amount or reference). */
    PROVIDER_RECORD_DISAGREES(409),
    /** A top-up whose money was partly spent from the wallet cannot be refunded: nothing changed. */
    TOPUP_ALREADY_SPENT(409),
    EVENT_IN_PROGRESS(409),
    CHECKOUT_IN_PROGRESS(409),
    IDEMPOTENCY_KEY_IN_PROGRESS(409),
    /** The workspace already has a live (pending, active or past-due) subscription. */
    SUBSCRIPTION_EXISTS(409),
    /** Another request is subscribing this workspace right now; its outcome is the workspace's subscription. */
    SUBSCRIPTION_IN_PROGRESS(409),
    /** The subscription is not in a status that allows this (e.g. changing one whose first payment is pending). */
    SUBSCRIPTION_NOT_CHANGEABLE(409),
    PAYLOAD_TOO_LARGE(413),
    URI_TOO_LONG(414),
    UNSUPPORTED_MEDIA_TYPE(415),
    UNSUPPORTED_PROVIDER(422),
    /** The payment provider refused the card (tokenizing it or making a payment source of it). */
    CARD_REJECTED(422),
    IDEMPOTENCY_KEY_REUSED(422),
    HEADERS_TOO_LARGE(431),
    PROVIDER_REJECTED(502),
    PROVIDER_UNAVAILABLE(503),
    DATABASE_UNAVAILABLE(503),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
