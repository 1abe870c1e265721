package dev.pagos.provider.paypal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches and caches the certificates named by PAYPAL-CERT-URL. PayPal puts the certificate id in the URL, so a
 * URL always names the same certificate and the cache never needs invalidating; validity dates are checked by
 * the verifier at each use.
 */
public final class PaypalCertificates {

    /** PayPal uses a handful of certificates at a time; the bound only guards against unexpected URL churn. */
    static final int MAX_CACHED = 32;

    private final CertificateDownloader downloader;
    private final Optional<URI> downloadBaseOverride;
    private final ConcurrentHashMap<String, X509Certificate> cache = new ConcurrentHashMap<>();

    /**
     * @param downloadBaseOverride when present, certificates are fetched from this base (scheme, host, port
     *        and path prefix) followed by the original path and query (local simulator, tests). The allow-list still applies to the original URL, so
     *        webhooks signed for the simulator cannot name arbitrary hosts either.
     */
    public PaypalCertificates(CertificateDownloader downloader, Optional<URI> downloadBaseOverride) {
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.downloadBaseOverride = Objects.requireNonNull(downloadBaseOverride, "downloadBaseOverride");
        downloadBaseOverride.ifPresent(base -> {
            if (!base.isAbsolute() || base.getRawAuthority() == null) {
                throw new IllegalArgumentException("download base override must be an absolute URI with a host: " + base);
            }
        });
    }

    public X509Certificate certificateFor(String certUrl) {
        if (!PaypalCertificateUrlPolicy.isAllowed(certUrl)) {
            throw new InvalidWebhookSignatureException("certificate URL not allowed: " + printable(certUrl));
        }
        X509Certificate cached = cache.get(certUrl);
        if (cached != null) {
            return cached;
        }
        URI original = URI.create(certUrl);
        URI source = downloadBaseOverride.map(base -> rebase(base, original)).orElse(original);
        byte[] bytes;
        try {
            bytes = downloader.download(source);
        } catch (IOException | RuntimeException e) {
            throw new InvalidWebhookSignatureException("could not download certificate from " + source + ": " + e.getMessage(), e);
        }
        X509Certificate certificate = parse(bytes, source);
        // Clearing wholesale keeps the bound trivially correct; refilling costs one download per live certificate.
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        X509Certificate raced = cache.putIfAbsent(certUrl, certificate);
        return raced != null ? raced : certificate;
    }

    int cachedCount() {
        return cache.size();
    }

    /**
     * The original path is the attacker's choice (only its host was vetted), so it may not climb out of the
     * base's prefix: dot segments are refused in plain and percent-encoded form (%2e), as are encoded
     * separators (%2f, %5c) that a server might decode into new segments.
     */
    private static URI rebase(URI base, URI original) {
        String path = original.getRawPath() == null || original.getRawPath().isEmpty() ? "/" : original.getRawPath();
        if (!isPlainPath(path)) {
            throw new InvalidWebhookSignatureException("certificate URL path not allowed: " + printable(path));
        }
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        StringBuilder s = new StringBuilder()
                .append(base.getScheme()).append("://").append(base.getRawAuthority())
                .append(prefix)
                .append(path);
        if (original.getRawQuery() != null) {
            s.append('?').append(original.getRawQuery());
        }
        // Belt and braces: whatever the checks above missed, the URL fetched stays under the base.
        URI rebased = URI.create(s.toString()).normalize();
        if (!rebased.getRawPath().startsWith(prefix + "/")) {
            throw new InvalidWebhookSignatureException("certificate URL leaves the download base: " + printable(path));
        }
        return rebased;
    }

    private static boolean isPlainPath(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
            return false;
        }
        for (String segment : rawPath.split("/")) {
            // "..;" is ".." to servers that strip path parameters.
            String name = segment.split(";", 2)[0];
            if (name.equals(".") || name.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static X509Certificate parse(byte[] bytes, URI source) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidWebhookSignatureException("empty certificate from " + source);
        }
        Collection<? extends Certificate> certificates;
        try {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (CertificateException | RuntimeException e) {
            throw new InvalidWebhookSignatureException("not an X.509 certificate at " + source, e);
        }
        // PayPal serves the leaf first, followed by its chain; only the leaf signs webhooks.
        Certificate first = certificates.stream().findFirst().orElse(null);
        if (!(first instanceof X509Certificate)) {
            throw new InvalidWebhookSignatureException("no X.509 certificate at " + source);
        }
        return (X509Certificate) first;
    }

    /** The URL is attacker-controlled and ends up in logs: bound its length and drop control characters. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 200 ? value.substring(0, 200) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
