package dev.pagos.idempotency;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request made with an Idempotency-Key: whose key it is, for which operation, and a SHA-256 of the
 * canonical request (method, route and the raw body bytes), which tells a retry from another request
 * that reuses the key.
 */
public record IdempotentRequest(String userId, String operation, String key, String requestHash) {

    static final int MAX_KEY_LENGTH = 255;

    /**
     * @param route the route key, e.g. "POST /orders"
     * @throws PagosException INVALID_REQUEST when the key is not 1 to 255 printable ASCII characters
     */
    public static IdempotentRequest of(String userId, String operation, String key, String route, byte[] rawBody) {
        if (!isWellFormed(key)) {
            throw new PagosException(ErrorCode.INVALID_REQUEST,
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
        }
        return new IdempotentRequest(userId, operation, key, sha256Hex(route, rawBody));
    }

    private static boolean isWellFormed(String key) {
        return !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    private static String sha256Hex(String route, byte[] rawBody) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // The newline cannot occur in a route key, so no route and body can run together into another pair.
            digest.update((route + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(rawBody));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
