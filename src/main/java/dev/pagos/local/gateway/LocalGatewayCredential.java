package dev.pagos.local.gateway;

import dev.pagos.push.ConnectionsApi;
import dev.pagos.push.LocalGatewayHeaders;
import io.quarkus.arc.profile.UnlessBuildProfile;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Local mode only: the secret the local Management API stand-in demands, so that only our own
 * {@link ConnectionsApi} can push to a browser's socket, not anyone else on the machine who learns a
 * connection id. Made at start-up and never written anywhere; API Gateway itself checks SigV4 instead, and
 * the bean does not exist in a production build.
 */
@UnlessBuildProfile("prod")
@ApplicationScoped
public class LocalGatewayCredential implements LocalGatewayHeaders {

    public static final String HEADER = "x-pagos-local-gateway-credential";

    private final String value;

    LocalGatewayCredential() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.value = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    @Override
    public Map<String, String> headers() {
        return Map.of(HEADER, value);
    }

    /** Constant-time, so the response time says nothing about how much of a guess was right. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
    }
}
