package dev.pagos.provider.paypal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs webhooks the way PayPal does, with a throw-away self-signed certificate. Used by the local PayPal
 * simulator and by tests, so that the real {@link PaypalWebhookVerifier} runs unchanged against them.
 * Needs BouncyCastle (an optional dependency): keep it out of the packaged function's code paths.
 */
public final class PaypalWebhookSigner {

    private static final String SUBJECT = "CN=pagos-paypal-simulator";

    private final String certUrl;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final Clock clock;

    private PaypalWebhookSigner(String certUrl, KeyPair keyPair, X509Certificate certificate, Clock clock) {
        this.certUrl = certUrl;
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.clock = clock;
    }

    public static PaypalWebhookSigner generate(String certUrl) {
        return generate(certUrl, Clock.systemUTC());
    }

    /** The clock sets both the certificate's validity window and the transmission time of {@link #sign(String, byte[])}. */
    public static PaypalWebhookSigner generate(String certUrl, Clock clock) {
        Objects.requireNonNull(certUrl, "certUrl");
        Objects.requireNonNull(clock, "clock");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keyPair = generator.generateKeyPair();
            Instant now = clock.instant();
            X500Name name = new X500Name(SUBJECT);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))),
                    name,
                    keyPair.getPublic());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(PaypalWebhookVerifier.SUPPORTED_ALGORITHM).build(keyPair.getPrivate())));
            return new PaypalWebhookSigner(certUrl, keyPair, certificate, clock);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("could not create the PayPal simulator certificate", e);
        }
    }

    public String certUrl() {
        return certUrl;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        try {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encode the PayPal simulator certificate", e);
        }
    }

    public Map<String, String> sign(String webhookId, byte[] rawBody) {
        String transmissionTime = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        return sign(webhookId, rawBody, UUID.randomUUID().toString(), transmissionTime);
    }

    public Map<String, String> sign(String webhookId, byte[] rawBody, String transmissionId, String transmissionTime) {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(rawBody, "rawBody");
        String signed = PaypalWebhookVerifier.signedString(transmissionId, transmissionTime, webhookId, rawBody);
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(PaypalWebhookVerifier.SUPPORTED_ALGORITHM);
            signer.initSign(keyPair.getPrivate());
            signer.update(signed.getBytes(StandardCharsets.UTF_8));
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign the simulated webhook", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(PaypalWebhookVerifier.TRANSMISSION_ID, transmissionId);
        headers.put(PaypalWebhookVerifier.TRANSMISSION_TIME, transmissionTime);
        headers.put(PaypalWebhookVerifier.TRANSMISSION_SIG, Base64.getEncoder().encodeToString(signature));
        headers.put(PaypalWebhookVerifier.CERT_URL, certUrl);
        headers.put(PaypalWebhookVerifier.AUTH_ALGO, PaypalWebhookVerifier.SUPPORTED_ALGORITHM);
        return headers;
    }
}
