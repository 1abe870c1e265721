package dev.pagos.error;

/** Every error a client can see, with the HTTP status it travels with. Clients switch on the code. */
public enum ErrorCode {
    INVALID_REQUEST(400),
    UNAUTHENTICATED(401),
    INVALID_SIGNATURE(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    PRODUCT_NOT_FOUND(404),
    ORDER_NOT_FOUND(404),
    ROUTE_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    ALREADY_OWNED(409),
    ORDER_NOT_CANCELLABLE(409),
    EVENT_IN_PROGRESS(409),
    CHECKOUT_IN_PROGRESS(409),
    IDEMPOTENCY_KEY_IN_PROGRESS(409),
    PAYLOAD_TOO_LARGE(413),
    URI_TOO_LONG(414),
    UNSUPPORTED_MEDIA_TYPE(415),
    UNSUPPORTED_PROVIDER(422),
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
