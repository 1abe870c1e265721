package dev.pagos.provider.paypal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PaypalCertificateUrlPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
            "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
            "https://paypal.com/cert.pem",
            "https://API.Sandbox.PayPal.COM/v1/notifications/certs/CERT-1",
            "HTTPS://api.paypal.com/v1/notifications/certs/CERT-1",
            "https://api.paypal.com:443/v1/notifications/certs/CERT-1",
            "https://api.paypal.com/v1/notifications/certs/CERT-1?version=2",
    })
    void allowed(String url) {
        assertTrue(PaypalCertificateUrlPolicy.isAllowed(url), url);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "http://api.paypal.com/v1/notifications/certs/CERT-1",
            "https://paypal.com.evil.example/v1/notifications/certs/CERT-1",
            "https://evil.example/?x=.paypal.com",
            "https://evil.example/#.paypal.com",
            "https://evil.example/api.paypal.com",
            "https://api.paypal.com@evil.example/v1/notifications/certs/CERT-1",
            "https://user@api.paypal.com/v1/notifications/certs/CERT-1",
            "https://evilpaypal.com/v1/notifications/certs/CERT-1",
            "https://paypal.co/cert",
            "https://api.paypal.com:8443/v1/notifications/certs/CERT-1",
            "https://api.paypal.com:80/v1/notifications/certs/CERT-1",
            "https://api.paypal.com./cert",
            "https://.paypal.com/cert",
            "https://evil.example\\.paypal.com/cert",
            "ftp://api.paypal.com/cert",
            "//api.paypal.com/cert",
            "/v1/notifications/certs/CERT-1",
            "https:///v1/notifications/certs/CERT-1",
            "https:api.paypal.com",
            "not a url at all",
            "   ",
            "https://api.paypal.com/cert\n",
    })
    void rejected(String url) {
        assertFalse(PaypalCertificateUrlPolicy.isAllowed(url), String.valueOf(url));
    }
}
