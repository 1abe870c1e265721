package dev.pagos.provider.wompi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Wompi's two SHA-256 constructions: the integrity signature we send, and the events checksum we check. */
public final class WompiSignatures {

    private WompiSignatures() {
    }

    /**
     * The integrity signature of a checkout: hex SHA-256 of reference + amount in cents + currency
     * [+ expiration time] + integrity secret. Computed on our server only: the secret never reaches a browser.
     *
     * @param expirationTime the exact string sent as expiration-time, or null when the checkout does not expire
     */
    public static String integrity(String reference, long amountInCents, String currency, String expirationTime,
            String integritySecret) {
        return sha256Hex(reference + amountInCents + currency + (expirationTime == null ? "" : expirationTime)
                + integritySecret);
    }

    /** Hex SHA-256 of the signed property values (in the event's order) + timestamp + events secret. */
    public static String eventChecksum(Iterable<String> propertyValues, String timestamp, String eventsSecret) {
        StringBuilder signed = new StringBuilder();
        propertyValues.forEach(signed::append);
        return sha256Hex(signed.append(timestamp).append(eventsSecret).toString());
    }

    /** Case-insensitive and in constant time: a timing difference must not tell a forger how much was right. */
    public static boolean sameChecksum(String expected, String received) {
        return received != null && MessageDigest.isEqual(expected.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                received.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
