package dev.pagos.provider.paypal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Verifies PayPal webhook signatures locally, without calling PayPal's verify-webhook-signature API.
 * Any failure throws {@link InvalidWebhookSignatureException}; returning normally means authentic.
 */
public final class PaypalWebhookVerifier {

    public static final String TRANSMISSION_ID = "PAYPAL-TRANSMISSION-ID";
    public static final String TRANSMISSION_TIME = "PAYPAL-TRANSMISSION-TIME";
    public static final String TRANSMISSION_SIG = "PAYPAL-TRANSMISSION-SIG";
    public static final String CERT_URL = "PAYPAL-CERT-URL";
    public static final String AUTH_ALGO = "PAYPAL-AUTH-ALGO";
    public static final String SUPPORTED_ALGORITHM = "SHA256withRSA";

    /**
     * How far a transmission time may be from our clock, either way. PayPal signs each delivery, retries
     * included, when it sends it; an old signature is a replay. An event refused for its age is not lost: the
     * reconciliation job reads the order from PayPal anyway.
     */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(10);

    private final String webhookId;
    private final PaypalCertificates certificates;
    private final Clock clock;
    private final Duration tolerance;

    /**
     * A blank webhook id is accepted here so that a missing configuration does not stop the application from
     * starting, but then every verification fails: unconfigured must never mean "accept".
     */
    public PaypalWebhookVerifier(String webhookId, PaypalCertificates certificates, Clock clock) {
        this(webhookId, certificates, clock, DEFAULT_TOLERANCE);
    }

    public PaypalWebhookVerifier(String webhookId, PaypalCertificates certificates, Clock clock, Duration tolerance) {
        this.webhookId = webhookId == null ? "" : webhookId.trim();
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
    }

    public void verify(Map<String, String> headers, byte[] rawBody) {
        if (webhookId.isEmpty()) {
            throw new InvalidWebhookSignatureException("PayPal webhook id is not configured; refusing all webhooks");
        }
        if (rawBody == null) {
            throw new InvalidWebhookSignatureException("missing request body");
        }
        Map<String, String> safeHeaders = headers == null ? Map.of() : headers;
        String transmissionId = requiredHeader(safeHeaders, TRANSMISSION_ID);
        String transmissionTime = requiredHeader(safeHeaders, TRANSMISSION_TIME);
        String signatureBase64 = requiredHeader(safeHeaders, TRANSMISSION_SIG);
        String certUrl = requiredHeader(safeHeaders, CERT_URL);
        String algorithm = requiredHeader(safeHeaders, AUTH_ALGO);

        // Checked before touching the certificate so an unsupported request costs no download.
        if (!SUPPORTED_ALGORITHM.equalsIgnoreCase(algorithm)) {
            throw new InvalidWebhookSignatureException("unsupported " + AUTH_ALGO + ": "
                    + PaypalCertificates.printable(algorithm));
        }
        requireRecent(transmissionTime);
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            throw new InvalidWebhookSignatureException(TRANSMISSION_SIG + " is not valid base64");
        }

        X509Certificate certificate = certificates.certificateFor(certUrl);
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new InvalidWebhookSignatureException("certificate is not valid at " + clock.instant()
                    + " (valid " + certificate.getNotBefore().toInstant() + " to " + certificate.getNotAfter().toInstant() + ")");
        }

        String signed = signedString(transmissionId, transmissionTime, webhookId, rawBody);
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(SUPPORTED_ALGORITHM);
            // The public key, not the certificate: PayPal's certificate is a TLS server certificate and its
            // key-usage extension is about TLS, not about this use.
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(signed.getBytes(StandardCharsets.UTF_8));
            valid = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new InvalidWebhookSignatureException("signature could not be checked: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new InvalidWebhookSignatureException("bad signature for transmission "
                    + PaypalCertificates.printable(transmissionId));
        }
    }

    private void requireRecent(String transmissionTime) {
        Instant sent;
        try {
            sent = OffsetDateTime.parse(transmissionTime).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidWebhookSignatureException(TRANSMISSION_TIME + " is not a date-time: "
                    + PaypalCertificates.printable(transmissionTime));
        }
        Duration skew = Duration.between(sent, clock.instant()).abs();
        if (skew.compareTo(tolerance) > 0) {
            throw new InvalidWebhookSignatureException("transmission time " + sent + " is " + skew.toSeconds()
                    + " s away from now; at most " + tolerance.toSeconds() + " s is accepted");
        }
    }

    /**
     * The string PayPal signs. The CRC32 must be of the exact bytes received: re-serialising the JSON changes
     * whitespace or key order and breaks every signature.
     */
    public static String signedString(String transmissionId, String transmissionTime, String webhookId, byte[] rawBody) {
        CRC32 crc = new CRC32();
        crc.update(rawBody);
        return transmissionId + "|" + transmissionTime + "|" + webhookId + "|" + crc.getValue();
    }

    /**
     * Case-insensitive because API Gateway lowercases header names. Two spellings with different values are
     * refused rather than resolved, since picking one would let a sender choose which value we check.
     */
    private static String requiredHeader(Map<String, String> headers, String name) {
        String found = null;
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey() == null || !entry.getKey().equalsIgnoreCase(name) || entry.getValue() == null) {
                continue;
            }
            String value = entry.getValue().trim();
            if (found != null && !found.equals(value)) {
                throw new InvalidWebhookSignatureException("conflicting values for header " + name);
            }
            found = value;
        }
        if (found == null || found.isEmpty()) {
            throw new InvalidWebhookSignatureException("missing header " + name);
        }
        return found;
    }
}
