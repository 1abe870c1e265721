package dev.pagos.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;

/** Mints the tokens tests need: valid ones, and each way a token can be wrong. */
public final class Tokens {

    public static final String ISSUER = "https://pagos.test/issuer";

    private Tokens() {
    }

    public static String valid(String user) {
        return Jwt.issuer(ISSUER).subject(user).expiresIn(3600).sign(testKey());
    }

    public static String admin(String user) {
        return Jwt.issuer(ISSUER).subject(user).groups(Set.of("pagos-admin")).expiresIn(3600).sign(testKey());
    }

    public static String expired(String user) {
        Instant past = Instant.now().minusSeconds(7200);
        return Jwt.issuer(ISSUER).subject(user).issuedAt(past).expiresAt(past.plusSeconds(600)).sign(testKey());
    }

    public static String wrongIssuer(String user) {
        return Jwt.issuer("https://evil.example").subject(user).expiresIn(3600).sign(testKey());
    }

    public static String signedByAnotherKey(String user) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(ISSUER).subject(user).expiresIn(3600).sign(generator.generateKeyPair().getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token whose payload was edited afterwards (subject changed), signature kept. */
    public static String tampered(String user, String otherUser) {
        String[] parts = valid(user).split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        String edited = payload.replace("\"sub\":\"" + user + "\"", "\"sub\":\"" + otherUser + "\"");
        return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(edited.getBytes()) + "." + parts[2];
    }

    private static PrivateKey testKey() {
        try {
            return KeyUtils.readPrivateKey("test-keys/jwt-private.pem");
        } catch (Exception e) {
            throw new IllegalStateException("test key missing", e);
        }
    }
}
