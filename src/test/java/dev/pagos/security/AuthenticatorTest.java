package dev.pagos.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.support.Tokens;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * The parser Authenticator builds from the mp.jwt.* settings itself (no quarkus-smallrye-jwt): key from a PEM
 * location, issuer, expiry, audiences, and no key at all. The flow tests check the same through the functions.
 */
class AuthenticatorTest {

    private static Authenticator authenticator(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(
                Authenticator.ISSUER, Tokens.ISSUER,
                Authenticator.PUBLIC_KEY_LOCATION, "test-keys/jwt-public.pem"));
        all.putAll(settings);
        all.values().removeIf(String::isEmpty);
        Config config = new SmallRyeConfigBuilder().withDefaultValues(all).build();
        return new Authenticator(Authenticator.contextInfo(config), null, "pagos-admin");
    }

    private static void assertRefused(Authenticator authenticator, String token) {
        PagosException refused = assertThrows(PagosException.class, () -> authenticator.fromToken(token));
        assertEquals(ErrorCode.UNAUTHENTICATED, refused.code());
    }

    @Test
    void acceptsTokensOfTheConfiguredIssuerAndKey() {
        Authenticator authenticator = authenticator(Map.of());
        Authenticator.Caller buyer = authenticator.fromToken(Tokens.valid("alice"));
        assertEquals("alice", buyer.userId());
        assertFalse(buyer.admin());
        assertTrue(authenticator.fromToken(Tokens.admin("root")).admin());
    }

    @Test
    void refusesExpiredForeignAndTamperedTokens() {
        Authenticator authenticator = authenticator(Map.of());
        assertRefused(authenticator, Tokens.expired("alice"));
        assertRefused(authenticator, Tokens.wrongIssuer("alice"));
        assertRefused(authenticator, Tokens.signedByAnotherKey("alice"));
        assertRefused(authenticator, Tokens.tampered("alice", "bob"));
    }

    @Test
    void withoutAKeyNoTokenIsValid() {
        assertRefused(authenticator(Map.of(Authenticator.PUBLIC_KEY_LOCATION, "")), Tokens.valid("alice"));
    }

    @Test
    void readsTheOtherVerificationSettings() throws Exception {
        Authenticator authenticator = authenticator(Map.of(Authenticator.AUDIENCES, "pagos-api"));
        assertRefused(authenticator, Tokens.valid("alice"));
        String forUs = Jwt.issuer(Tokens.ISSUER).subject("alice").audience("pagos-api").expiresIn(3600)
                .sign(KeyUtils.readPrivateKey("test-keys/jwt-private.pem"));
        assertEquals("alice", authenticator.fromToken(forUs).userId());
        assertEquals(Set.of("pagos-api"), Authenticator.contextInfo(new SmallRyeConfigBuilder()
                .withDefaultValues(Map.of(Authenticator.AUDIENCES, "pagos-api")).build()).getExpectedAudience());
    }
}
