package dev.pagos.aws;

/**
 * A call to AWS that did not get the answer it needed: no credentials, a network failure or timeout, or an HTTP
 * status the caller does not accept. The message names the service, the status and AWS's error type, never a
 * credential or a response body (AWS's signature errors echo the canonical request, security token included).
 */
public class AwsException extends RuntimeException {

    private final int status;

    public AwsException(String message) {
        this(message, 0, null);
    }

    public AwsException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public AwsException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** @return the HTTP status AWS answered, or 0 when there was no answer */
    public int status() {
        return status;
    }
}
