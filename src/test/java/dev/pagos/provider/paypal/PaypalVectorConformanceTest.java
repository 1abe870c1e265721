package dev.pagos.provider.paypal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks the verifier against a webhook really signed by PayPal (from PayPal's Java SDK tests). The vector lives
 * in the shared contracts folder beside the checkout and is read at test time, never copied into the project.
 */
class PaypalVectorConformanceTest {

    private static final Path VECTOR_DIR = Path.of("..", "shared", "contracts", "paypal", "webhook-vector");
    private static final List<String> SIGNATURE_HEADERS = List.of(
            PaypalWebhookVerifier.TRANSMISSION_ID, PaypalWebhookVerifier.TRANSMISSION_TIME,
            PaypalWebhookVerifier.TRANSMISSION_SIG, PaypalWebhookVerifier.CERT_URL, PaypalWebhookVerifier.AUTH_ALGO);
    /** A minute after the vector's transmission time, inside the certificate's validity (2015-03-18 to 2017-03-22). */
    private static final Clock WHILE_VALID = Clock.fixed(Instant.parse("2015-05-12T18:15:14Z"), ZoneOffset.UTC);
    /** Still inside the certificate's validity, but months after the transmission: a replay. */
    private static final Clock MONTHS_LATER = Clock.fixed(Instant.parse("2016-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Clock AFTER_EXPIRY = Clock.fixed(Instant.parse("2017-03-23T00:00:00Z"), ZoneOffset.UTC);

    private Map<String, String> headers;
    private String webhookId;
    private byte[] body;
    private byte[] certPem;
    private String expectedSignedString;
    private AtomicInteger downloads;
    private PaypalCertificates certificates;

    @BeforeEach
    void loadVector() throws IOException {
        assumeTrue(Files.isDirectory(VECTOR_DIR), "PayPal webhook vector folder absent at "
                + VECTOR_DIR.toAbsolutePath().normalize() + "; skipping the real-signature conformance test");
        JsonNode json = new ObjectMapper().readTree(VECTOR_DIR.resolve("headers.json").toFile());
        headers = new HashMap<>();
        for (String name : SIGNATURE_HEADERS) {
            headers.put(name, json.get(name).asText());
        }
        webhookId = json.get("_webhook_id").asText();
        body = Files.readAllBytes(VECTOR_DIR.resolve("event_body.json"));
        certPem = Files.readAllBytes(VECTOR_DIR.resolve("cert.pem"));
        expectedSignedString = Files.readString(VECTOR_DIR.resolve("expected_signature_input.txt"), StandardCharsets.UTF_8)
                .stripTrailing();
        downloads = new AtomicInteger();
        URI vectorCertUrl = URI.create(headers.get(PaypalWebhookVerifier.CERT_URL));
        certificates = new PaypalCertificates(uri -> {
            downloads.incrementAndGet();
            if (!uri.equals(vectorCertUrl)) {
                throw new IOException("unexpected certificate URL " + uri);
            }
            return certPem.clone();
        }, Optional.empty());
    }

    private PaypalWebhookVerifier verifier(String id, Clock clock) {
        return new PaypalWebhookVerifier(id, certificates, clock);
    }

    @Test
    void theRealSignatureReplayedMonthsLaterFails() {
        InvalidWebhookSignatureException e = assertThrows(InvalidWebhookSignatureException.class,
                () -> verifier(webhookId, MONTHS_LATER).verify(headers, body));
        assertTrue(e.getMessage().contains("away from now"), e.getMessage());
        assertEquals(0, downloads.get(), "refused before any certificate download");
    }

    @Test
    void signedStringMatchesTheVector() {
        String actual = PaypalWebhookVerifier.signedString(
                headers.get(PaypalWebhookVerifier.TRANSMISSION_ID),
                headers.get(PaypalWebhookVerifier.TRANSMISSION_TIME),
                webhookId, body);
        assertEquals(expectedSignedString, actual);
    }

    @Test
    void realSignatureVerifies() {
        assertDoesNotThrow(() -> verifier(webhookId, WHILE_VALID).verify(headers, body));
        assertEquals(1, downloads.get());
    }

    @Test
    void lowerCaseHeaderNamesVerify() {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        assertDoesNotThrow(() -> verifier(webhookId, WHILE_VALID).verify(lower, body));
    }

    @Test
    void otherWebhookIdFails() {
        PaypalWebhookVerifier verifier = verifier(webhookId + "X", WHILE_VALID);
        assertThrows(InvalidWebhookSignatureException.class, () -> verifier.verify(headers, body));
    }

    @Test
    void anySingleFlippedBodyByteFails() {
        PaypalWebhookVerifier verifier = verifier(webhookId, WHILE_VALID);
        for (int position : new int[] {0, body.length / 2, body.length - 1}) {
            byte[] tampered = body.clone();
            tampered[position] ^= 0x01;
            assertThrows(InvalidWebhookSignatureException.class, () -> verifier.verify(headers, tampered),
                    "flipping byte " + position + " must break the signature");
        }
    }

    @Test
    void reserialisedBodyFails() throws IOException {
        // Same JSON content, different bytes: the common bug of verifying a re-serialised body.
        ObjectMapper mapper = new ObjectMapper();
        byte[] reserialised = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(mapper.readTree(body));
        PaypalWebhookVerifier verifier = verifier(webhookId, WHILE_VALID);
        assertThrows(InvalidWebhookSignatureException.class, () -> verifier.verify(headers, reserialised));
    }

    @Test
    void expiredCertificateFails() {
        // A tolerance wide enough to reach the expiry: the certificate's own dates must still refuse it.
        PaypalWebhookVerifier verifier = new PaypalWebhookVerifier(webhookId, certificates, AFTER_EXPIRY,
                java.time.Duration.ofDays(800));
        InvalidWebhookSignatureException e = assertThrows(InvalidWebhookSignatureException.class,
                () -> verifier.verify(headers, body));
        assertTrue(e.getMessage().contains("not valid"), e.getMessage());
    }

    @Test
    void tamperedSignatureFails() {
        byte[] signature = Base64.getDecoder().decode(headers.get(PaypalWebhookVerifier.TRANSMISSION_SIG));
        signature[signature.length / 2] ^= 0x10;
        headers.put(PaypalWebhookVerifier.TRANSMISSION_SIG, Base64.getEncoder().encodeToString(signature));
        PaypalWebhookVerifier verifier = verifier(webhookId, WHILE_VALID);
        assertThrows(InvalidWebhookSignatureException.class, () -> verifier.verify(headers, body));
    }

    @Test
    void certificateIsDownloadedOnce() {
        verifier(webhookId, WHILE_VALID).verify(headers, body);
        verifier(webhookId, WHILE_VALID).verify(headers, body);
        assertEquals(1, downloads.get());
    }
}
