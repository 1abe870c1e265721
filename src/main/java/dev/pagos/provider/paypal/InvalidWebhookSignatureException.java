package dev.pagos.provider.paypal;

/**
 * A PayPal webhook could not be proven authentic. The message names the reason; it never carries the
 * request body, because messages end up in logs and the body may hold payer data.
 */
public class InvalidWebhookSignatureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidWebhookSignatureException(String message) {
        super(message);
    }

    public InvalidWebhookSignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
