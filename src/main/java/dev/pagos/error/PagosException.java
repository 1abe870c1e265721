package dev.pagos.error;

/** The one exception type that reaches clients, as {"error": {"code": ..., "message": ...}}. */
public class PagosException extends RuntimeException {

    private final ErrorCode code;

    public PagosException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public PagosException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
