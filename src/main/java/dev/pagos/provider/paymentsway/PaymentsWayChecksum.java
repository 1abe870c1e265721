package dev.pagos.provider.paymentsway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * PaymentsWay's notification checksum: lowercase hex of SHA-256 over
 * {@code "{form_id};{api_key};{merchant_id};{amount};{externalorder}"}, in exactly that order (two independent
 * integrations agree). A keyed hash, the API key being the secret; it covers neither the transaction id nor its
 * status, which is why every notification is confirmed through the ClientAPI.
 */
public final class PaymentsWayChecksum {

    private PaymentsWayChecksum() {
    }

    public static String of(String formId, String apiKey, String merchantId, String amount, String externalOrder) {
        String text = formId + ";" + apiKey + ";" + merchantId + ";" + amount + ";" + externalOrder;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Constant time over the bytes; hex compared case-insensitively. A missing value never matches. */
    public static boolean same(String expected, String received) {
        if (expected == null || received == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                received.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
