package dev.pagos.provider.paypal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The local download override grafts the path of an attacker-chosen (but allow-listed) URL onto our own
 * simulator or fake: that path must not climb out of the base's prefix, in plain or encoded form.
 */
class PaypalCertificatesRebaseTest {

    private static final URI SIMULATOR = URI.create("http://localhost:8080/paypal-sim");
    private static byte[] pem;

    private final List<URI> requested = new CopyOnWriteArrayList<>();
    private final PaypalCertificates certificates = new PaypalCertificates(uri -> {
        requested.add(uri);
        return pem;
    }, Optional.of(SIMULATOR));

    @BeforeAll
    static void certificate() {
        pem = PaypalWebhookSigner.generate("https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1")
                .certificatePem().getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://api.sandbox.paypal.com/../dev/token?user=x",
            "https://api.sandbox.paypal.com/v1/../../dev/token",
            "https://api.sandbox.paypal.com/v1/notifications/certs/..",
            "https://api.sandbox.paypal.com/./dev/token",
            "https://api.sandbox.paypal.com/v1/./certs/CERT-1",
            "https://api.sandbox.paypal.com/%2e%2e/dev/token",
            "https://api.sandbox.paypal.com/%2E%2E/dev/token",
            "https://api.sandbox.paypal.com/.%2e/dev/token",
            "https://api.sandbox.paypal.com/v1%2f..%2f..%2fdev/token",
            "https://api.sandbox.paypal.com/v1%2F..%2F..%2Fdev/token",
            "https://api.sandbox.paypal.com/v1%5c..%5cdev/token",
            "https://api.sandbox.paypal.com/..;/dev/token",
    })
    void aPathThatClimbsIsRefusedAndNothingIsFetched(String certUrl) {
        assertThrows(InvalidWebhookSignatureException.class, () -> certificates.certificateFor(certUrl));
        assertEquals(List.of(), requested);
    }

    @Test
    void aPlainPathIsFetchedUnderTheBasePrefix() {
        certificates.certificateFor("https://api.sandbox.paypal.com/v1/notifications/certs/CERT-1?v=2");
        assertEquals(List.of(URI.create("http://localhost:8080/paypal-sim/v1/notifications/certs/CERT-1?v=2")), requested);
    }
}
