package dev.pagos.local;

import dev.pagos.security.VerificationKeyOverride;
import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Local mode only: a key pair made at start-up, never written anywhere, to mint tokens for any user
 * (GET /dev/token?user=alice). The bean does not exist in a production build, and a restart invalidates
 * every token it issued.
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevTokens implements VerificationKeyOverride {

    private final KeyPair keyPair;
    private final String issuer;

    private final String adminRole;

    DevTokens(@ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "pagos.auth.admin-role") String adminRole) throws NoSuchAlgorithmException {
        this.adminRole = adminRole;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.keyPair = generator.generateKeyPair();
        this.issuer = issuer;
    }

    @Override
    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** GET /dev/token?user=alice[&admin=true] -> {"token": "..."}; the route exists only in local mode. */
    void registerRoute(@Observes Router router) {
        router.get("/dev/token").handler(rc -> {
            String user = rc.request().getParam("user", "dev-buyer");
            boolean admin = Boolean.parseBoolean(rc.request().getParam("admin", "false"));
            String token = mint(user, admin ? Set.of(adminRole) : Set.of());
            rc.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("user", user).put("token", token).encode());
        });
    }

    public String mint(String userId, Set<String> groups) {
        return Jwt.issuer(issuer)
                .subject(userId)
                .groups(groups)
                .expiresIn(Duration.ofHours(12))
                .sign(keyPair.getPrivate());
    }
}
