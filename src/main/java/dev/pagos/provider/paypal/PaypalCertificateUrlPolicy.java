package dev.pagos.provider.paypal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Decides which PAYPAL-CERT-URL values may be fetched. The URL arrives in the webhook itself, so without this
 * check anyone could sign a forged webhook with their own key and point us at their own certificate.
 */
public final class PaypalCertificateUrlPolicy {

    private static final String DOMAIN = "paypal.com";

    private PaypalCertificateUrlPolicy() {
    }

    public static boolean isAllowed(String certUrl) {
        if (certUrl == null || certUrl.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(certUrl);
        } catch (URISyntaxException e) {
            return false;
        }
        if (!uri.isAbsolute() || uri.isOpaque() || !"https".equalsIgnoreCase(uri.getScheme())) {
            return false;
        }
        // User-info is how "https://api.paypal.com@evil.example/" smuggles a trusted-looking name in front of
        // the real host; no legitimate certificate URL has one.
        if (uri.getRawUserInfo() != null) {
            return false;
        }
        int port = uri.getPort();
        if (port != -1 && port != 443) {
            return false;
        }
        // getHost() is null when the authority is not a plain server name; refusing those keeps us from
        // disagreeing with the HTTP client about which host is actually contacted.
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        // A trailing-dot name resolves to the same host, but accepting it buys nothing and complicates reasoning.
        return host.equals(DOMAIN) || host.endsWith("." + DOMAIN);
    }
}
