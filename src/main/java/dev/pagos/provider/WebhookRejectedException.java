package dev.pagos.provider;

/** A webhook we cannot trust or read; answered 401 and nothing is written. */
public class WebhookRejectedException extends RuntimeException {

    public WebhookRejectedException(String message) {
        super(message);
    }

    public WebhookRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
