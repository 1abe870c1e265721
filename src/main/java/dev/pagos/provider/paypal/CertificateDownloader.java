package dev.pagos.provider.paypal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** Fetches the raw bytes of a certificate. Kept as an interface so tests and the local simulator need no network. */
@FunctionalInterface
public interface CertificateDownloader {

    /** PEM chains from PayPal are a few KiB; the cap stops a hostile or broken server from filling memory. */
    int MAX_CERTIFICATE_BYTES = 64 * 1024;

    byte[] download(URI uri) throws IOException;

    static CertificateDownloader httpClient(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        // Redirects are never followed: the allow-list only vetted the original URL, and a redirect could take
        // us to a certificate served by anyone.
        // The client (and its TLS context) is built on the first download, not with the bean: certificates are
        // cached and only webhooks need them, while every function that injects the verifiers would otherwise
        // pay for it at start-up (issue 8).
        AtomicReference<HttpClient> built = new AtomicReference<>();
        return uri -> {
            HttpClient client = built.updateAndGet(existing -> existing != null ? existing : HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build());
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InterruptedIOException io = new InterruptedIOException("interrupted while downloading " + uri);
                io.initCause(e);
                throw io;
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("certificate download from " + uri + " returned HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_CERTIFICATE_BYTES + 1);
                if (bytes.length > MAX_CERTIFICATE_BYTES) {
                    throw new IOException("certificate at " + uri + " is larger than " + MAX_CERTIFICATE_BYTES + " bytes");
                }
                return bytes;
            }
        };
    }
}
