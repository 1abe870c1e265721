package dev.pagos.provider.paypal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Webhooks signed by our own simulator signer, run through the production verifier. */
class PaypalOwnSignedWebhookTest {

    private static final String CERT_URL = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-pagos-test";
    private static final String WEBHOOK_ID = "1JE4291016473214C";
    private static final byte[] BODY = ("{\"id\":\"WH-TEST-1\",\"event_type\":\"PAYMENT.CAPTURE.COMPLETED\","
            + "\"resource\":{\"id\":\"5O190127TN364715T\",\"amount\":{\"currency_code\":\"USD\",\"value\":\"10.00\"}}}")
            .getBytes(StandardCharsets.UTF_8);

    private static PaypalWebhookSigner signer;
    private static PaypalWebhookSigner otherSigner;

    /** Every URI the downloader was asked for, so tests can prove a download did or did not happen. */
    private final List<URI> requested = new CopyOnWriteArrayList<>();
    private final Map<URI, byte[]> served = new HashMap<>();
    private final CertificateDownloader downloader = uri -> {
        requested.add(uri);
        byte[] bytes = served.get(uri);
        if (bytes == null) {
            throw new IOException("404 " + uri);
        }
        return bytes;
    };
    private PaypalWebhookVerifier verifier;

    @BeforeAll
    static void generateKeys() {
        signer = PaypalWebhookSigner.generate(CERT_URL);
        otherSigner = PaypalWebhookSigner.generate(CERT_URL);
    }

    @BeforeEach
    void setUp() {
        served.put(URI.create(CERT_URL), signer.certificatePem().getBytes(StandardCharsets.US_ASCII));
        verifier = new PaypalWebhookVerifier(WEBHOOK_ID, new PaypalCertificates(downloader, Optional.empty()), Clock.systemUTC());
    }

    private InvalidWebhookSignatureException rejected(Map<String, String> headers, byte[] body) {
        return assertThrows(InvalidWebhookSignatureException.class, () -> verifier.verify(headers, body));
    }

    @Test
    void signedHeadersVerify() {
        Map<String, String> headers = signer.sign(WEBHOOK_ID, BODY);
        assertEquals(5, headers.size());
        assertTrue(headers.get(PaypalWebhookVerifier.TRANSMISSION_TIME).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                headers.get(PaypalWebhookVerifier.TRANSMISSION_TIME));
        assertEquals(CERT_URL, headers.get(PaypalWebhookVerifier.CERT_URL));
        assertEquals("SHA256withRSA", headers.get(PaypalWebhookVerifier.AUTH_ALGO));
        assertDoesNotThrow(() -> verifier.verify(headers, BODY));
        assertEquals(List.of(URI.create(CERT_URL)), requested);
    }

    @Test
    void explicitTransmissionIdAndTimeAreSigned() {
        Map<String, String> headers = signer.sign(WEBHOOK_ID, BODY, "tx-1", Instant.now().minusSeconds(30).toString());
        assertEquals("tx-1", headers.get(PaypalWebhookVerifier.TRANSMISSION_ID));
        assertDoesNotThrow(() -> verifier.verify(headers, BODY));
        headers.put(PaypalWebhookVerifier.TRANSMISSION_ID, "tx-2");
        rejected(headers, BODY);
    }

    @Test
    void transmissionTimesFarFromNowFailBeforeAnyDownload() {
        for (String time : List.of("2019-01-01T00:00:00Z", "2099-01-01T00:00:00Z",
                Instant.now().minus(Duration.ofMinutes(11)).toString(), Instant.now().plus(Duration.ofMinutes(11)).toString(),
                "yesterday", "")) {
            Map<String, String> headers = signer.sign(WEBHOOK_ID, BODY, "tx-time", time);
            rejected(headers, BODY);
        }
        assertTrue(requested.isEmpty(), "no certificate fetched for a stale or future transmission");
        Map<String, String> withinTolerance = signer.sign(WEBHOOK_ID, BODY, "tx-time",
                Instant.now().minus(Duration.ofMinutes(9)).toString());
        assertDoesNotThrow(() -> verifier.verify(withinTolerance, BODY));
    }

    @Test
    void wrongWebhookIdFails() {
        rejected(signer.sign("OTHER-WEBHOOK", BODY), BODY);
    }

    @Test
    void oneChangedByteFails() {
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 5] = (byte) '9';
        InvalidWebhookSignatureException e = rejected(signer.sign(WEBHOOK_ID, BODY), tampered);
        assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
        assertFalse(e.getMessage().contains("PAYMENT.CAPTURE"), "the body must never appear in the message");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PAYPAL-TRANSMISSION-ID", "PAYPAL-TRANSMISSION-TIME", "PAYPAL-TRANSMISSION-SIG",
            "PAYPAL-CERT-URL", "PAYPAL-AUTH-ALGO"})
    void missingHeaderFails(String name) {
        Map<String, String> headers = signer.sign(WEBHOOK_ID, BODY);
        headers.remove(name);
        InvalidWebhookSignatureException e = rejected(headers, BODY);
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PAYPAL-TRANSMISSION-ID", "PAYPAL-TRANSMISSION-SIG", "PAYPAL-CERT-URL"})
    void blankHeaderFails(String name) {
        Map<String, String> headers = signer.sign(WEBHOOK_ID, BODY);
        headers.put(name, "  ");
        rejected(headers, BODY);
    }

    @Test
    void disallowedCertUrlFailsWithoutDownloading() {
        PaypalWebhookSigner attacker = PaypalWebhookSigner.generate("https://evil.example/?x=.paypal.com");
        served.put(URI.create(attacker.certUrl()), attacker.certificatePem().getBytes(StandardCharsets.US_ASCII));
        InvalidWebhookSignatureException e = rejected(attacker.sign(WEBHOOK_ID, BODY), BODY);
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
        assertEquals(List.of(), requested);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA1withRSA", "SHA256withECDSA", "RSA", "none"})
    void otherAlgorithmsFail(String algorithm) {
        Map<String, String> headers = signer.sign(WEBHOOK_ID, BODY);
        headers.put(PaypalWebhookVerifier.AUTH_ALGO, algorithm);
        InvalidWebhookSignatureException e = rejected(headers, BODY);
        assertTrue(e.getMessage().contains("unsupported"), e.getMessage());
    }

    @Test
    void algorithmNameIsCaseInsensitive() {
        Map<String, String> headers = signer.sign(WEBHOOK_ID, BODY);
        headers.put(PaypalWebhookVerifier.AUTH_ALGO, "sha256WITHrsa");
        assertDoesNotThrow(() -> verifier.verify(headers, BODY));
    }

    @Test
    void signatureFromAnotherKeyWithTheSameCertUrlFails() {
        rejected(otherSigner.sign(WEBHOOK_ID, BODY), BODY);
    }

    @Test
    void signatureThatIsNotBase64Fails() {
        Map<String, String> headers = signer.sign(WEBHOOK_ID, BODY);
        headers.put(PaypalWebhookVerifier.TRANSMISSION_SIG, "not*base64!");
        rejected(headers, BODY);
    }

    @Test
    void lowerCaseHeaderNamesVerify() {
        Map<String, String> lower = new HashMap<>();
        signer.sign(WEBHOOK_ID, BODY).forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        assertDoesNotThrow(() -> verifier.verify(lower, BODY));
    }

    @Test
    void conflictingSpellingsOfAHeaderFail() {
        Map<String, String> headers = signer.sign(WEBHOOK_ID, BODY);
        headers.put("paypal-cert-url", "https://api.paypal.com/v1/notifications/certs/CERT-other");
        rejected(headers, BODY);
    }

    @Test
    void blankConfiguredWebhookIdRejectsEvenAMatchingSignature() {
        PaypalCertificates certificates = new PaypalCertificates(downloader, Optional.empty());
        for (String unconfigured : new String[] {"", "   ", null}) {
            PaypalWebhookVerifier unconfiguredVerifier = new PaypalWebhookVerifier(unconfigured, certificates, Clock.systemUTC());
            Map<String, String> headers = signer.sign(unconfigured == null ? "" : unconfigured, BODY);
            assertThrows(InvalidWebhookSignatureException.class, () -> unconfiguredVerifier.verify(headers, BODY));
        }
    }

    @Test
    void nullHeadersOrBodyFail() {
        rejected(null, BODY);
        rejected(signer.sign(WEBHOOK_ID, BODY), null);
    }

    @Test
    void certificateOutsideItsValidityFails() {
        Instant later = Instant.now().plus(Duration.ofDays(400));
        // A tolerance that reaches that far, so the certificate's own dates are what refuses it.
        PaypalWebhookVerifier future = new PaypalWebhookVerifier(WEBHOOK_ID,
                new PaypalCertificates(downloader, Optional.empty()), Clock.fixed(later, ZoneOffset.UTC), Duration.ofDays(401));
        Map<String, String> headers = signer.sign(WEBHOOK_ID, BODY);
        InvalidWebhookSignatureException e = assertThrows(InvalidWebhookSignatureException.class,
                () -> future.verify(headers, BODY));
        assertTrue(e.getMessage().contains("not valid"), e.getMessage());
    }

    @Test
    void signerClockSetsTransmissionTime() {
        Instant fixed = Instant.parse("2015-05-12T18:14:14.789Z");
        PaypalWebhookSigner clocked = PaypalWebhookSigner.generate(CERT_URL, Clock.fixed(fixed, ZoneOffset.UTC));
        assertEquals("2015-05-12T18:14:14Z", clocked.sign(WEBHOOK_ID, BODY).get(PaypalWebhookVerifier.TRANSMISSION_TIME));
        assertEquals(fixed.minus(Duration.ofDays(1)).getEpochSecond(),
                clocked.certificate().getNotBefore().toInstant().getEpochSecond());
        assertEquals(fixed.plus(Duration.ofDays(365)).getEpochSecond(),
                clocked.certificate().getNotAfter().toInstant().getEpochSecond());
    }

    @Test
    void downloadFailureFails() {
        served.clear();
        InvalidWebhookSignatureException e = rejected(signer.sign(WEBHOOK_ID, BODY), BODY);
        assertTrue(e.getMessage().contains("could not download"), e.getMessage());
    }

    @Test
    void somethingThatIsNotACertificateFails() {
        served.put(URI.create(CERT_URL), "<html>hello</html>".getBytes(StandardCharsets.US_ASCII));
        rejected(signer.sign(WEBHOOK_ID, BODY), BODY);
    }

    @Test
    void certificateIsCachedAcrossVerifications() {
        verifier.verify(signer.sign(WEBHOOK_ID, BODY), BODY);
        verifier.verify(signer.sign(WEBHOOK_ID, BODY), BODY);
        verifier.verify(signer.sign(WEBHOOK_ID, BODY), BODY);
        assertEquals(1, requested.size());
    }

    @Test
    void cacheStaysBounded() {
        PaypalCertificates certificates = new PaypalCertificates(uri -> signer.certificatePem().getBytes(StandardCharsets.US_ASCII),
                Optional.empty());
        for (int i = 0; i < PaypalCertificates.MAX_CACHED * 3; i++) {
            certificates.certificateFor("https://api.paypal.com/v1/notifications/certs/CERT-" + i);
        }
        assertTrue(certificates.cachedCount() <= PaypalCertificates.MAX_CACHED, "cached " + certificates.cachedCount());
    }

    @Test
    void overrideBaseDownloadsFromTheSimulatorButKeepsPathAndQuery() {
        URI simulator = URI.create("http://127.0.0.1:18443");
        URI expected = URI.create("http://127.0.0.1:18443/v1/notifications/certs/CERT-x");
        served.put(expected, signer.certificatePem().getBytes(StandardCharsets.US_ASCII));
        PaypalCertificates certificates = new PaypalCertificates(downloader, Optional.of(simulator));

        certificates.certificateFor("https://api.sandbox.paypal.com/v1/notifications/certs/CERT-x");
        assertEquals(List.of(expected), requested);

        URI withQuery = URI.create("http://127.0.0.1:18443/v1/notifications/certs/CERT-y?v=2");
        served.put(withQuery, signer.certificatePem().getBytes(StandardCharsets.US_ASCII));
        certificates.certificateFor("https://api.sandbox.paypal.com/v1/notifications/certs/CERT-y?v=2");
        assertEquals(withQuery, requested.get(1));
    }

    @Test
    void overrideBaseKeepsItsOwnPathPrefix() {
        URI expected = URI.create("http://127.0.0.1:18443/paypal-sim/v1/notifications/certs/CERT-x");
        served.put(expected, signer.certificatePem().getBytes(StandardCharsets.US_ASCII));
        PaypalCertificates certificates = new PaypalCertificates(downloader,
                Optional.of(URI.create("http://127.0.0.1:18443/paypal-sim/")));

        certificates.certificateFor("https://api.sandbox.paypal.com/v1/notifications/certs/CERT-x");
        assertEquals(List.of(expected), requested);
    }

    @Test
    void overrideBaseStillChecksTheOriginalUrl() {
        PaypalCertificates certificates = new PaypalCertificates(downloader, Optional.of(URI.create("http://127.0.0.1:18443")));
        assertThrows(InvalidWebhookSignatureException.class,
                () -> certificates.certificateFor("http://127.0.0.1:18443/v1/notifications/certs/CERT-x"));
        assertThrows(InvalidWebhookSignatureException.class,
                () -> certificates.certificateFor("https://evil.example/v1/notifications/certs/CERT-x"));
        assertEquals(List.of(), requested);
    }

    @Test
    void fullFlowThroughTheOverride() {
        URI simulator = URI.create("http://127.0.0.1:18443");
        served.put(URI.create("http://127.0.0.1:18443/v1/notifications/certs/CERT-pagos-test"),
                signer.certificatePem().getBytes(StandardCharsets.US_ASCII));
        PaypalWebhookVerifier local = new PaypalWebhookVerifier(WEBHOOK_ID,
                new PaypalCertificates(downloader, Optional.of(simulator)), Clock.systemUTC());
        assertDoesNotThrow(() -> local.verify(signer.sign(WEBHOOK_ID, BODY), BODY));
    }
}
