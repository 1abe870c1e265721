package dev.pagos.provider;

/** The provider did not answer usefully (timeouts, 5xx, 429) even after retries. Safe to try again later. */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
