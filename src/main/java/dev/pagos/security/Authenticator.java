package dev.pagos.security;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.text.ControlCharacters;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Turns a bearer token into the caller. The user is always the token's subject, never a field of a
 * request. Tokens are checked with the mp.jwt.verify.* settings (issuer, key); in local mode, with the
 * key pair that {@code DevTokens} made at start-up instead (through {@link VerificationKeyOverride}).
 *
 * <p>The parser is smallrye-jwt's own {@link DefaultJWTParser}, built here from the configuration, not the
 * quarkus-smallrye-jwt extension: that extension brings quarkus-vertx-http (its HTTP authentication mechanism),
 * which the Lambda build leaves out. As before, the key is read on the first verification (SnapStart priming
 * makes one), not when the bean is made. {@link #SUPPORTED} lists the settings read; any other mp.jwt.* or
 * smallrye.jwt.* verification setting is reported at start-up as ignored.
 */
@ApplicationScoped
public class Authenticator {

    /** User ids are stored in columns of this size. */
    static final int MAX_SUBJECT_LENGTH = 255;

    static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String AUDIENCES = "mp.jwt.verify.audiences";
    static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";
    static final String CLOCK_SKEW = "mp.jwt.verify.clock.skew";
    static final String TOKEN_AGE = "mp.jwt.verify.token.age";
    static final String GROUPS_PATH = "smallrye.jwt.path.groups";
    static final String GROUPS_CLAIM = "smallrye.jwt.claims.groups";
    static final String SUBJECT_PATH = "smallrye.jwt.path.sub";
    static final String REQUIRED_CLAIMS = "smallrye.jwt.required.claims";
    static final String TIME_TO_LIVE = "smallrye.jwt.time-to-live";
    static final String JWKS_REFRESH_INTERVAL = "smallrye.jwt.jwks.refresh-interval";

    static final Set<String> SUPPORTED = Set.of(PUBLIC_KEY, PUBLIC_KEY_LOCATION, ISSUER, AUDIENCES, ALGORITHM,
            CLOCK_SKEW, TOKEN_AGE, GROUPS_PATH, GROUPS_CLAIM, SUBJECT_PATH, REQUIRED_CLAIMS, TIME_TO_LIVE,
            JWKS_REFRESH_INTERVAL);

    private static final Logger LOG = Logger.getLogger(Authenticator.class);

    private final JWTParser parser;
    /** False when neither a key nor a key location is configured: then no token is valid. */
    private final boolean keyConfigured;
    /** Local mode's key ({@code DevTokens}), or null. */
    private final VerificationKeyOverride keyOverride;
    private final String adminRole;

    @Inject
    Authenticator(Config config, Instance<VerificationKeyOverride> keyOverride,
            @ConfigProperty(name = "pagos.auth.admin-role") String adminRole) {
        this(contextInfo(config), keyOverride.isResolvable() ? keyOverride.get() : null, adminRole);
    }

    Authenticator(JWTAuthContextInfo contextInfo, VerificationKeyOverride keyOverride, String adminRole) {
        this.parser = new DefaultJWTParser(contextInfo);
        this.keyConfigured = contextInfo.getPublicKeyLocation() != null || contextInfo.getPublicKeyContent() != null;
        this.keyOverride = keyOverride;
        this.adminRole = adminRole;
    }

    /** The verification settings, read from MicroProfile Config; the key itself is read on first use. */
    static JWTAuthContextInfo contextInfo(Config config) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        config.getOptionalValue(ISSUER, String.class).ifPresent(info::setIssuedBy);
        config.getOptionalValue(PUBLIC_KEY_LOCATION, String.class).map(String::trim).filter(s -> !s.isEmpty())
                .ifPresent(info::setPublicKeyLocation);
        config.getOptionalValue(PUBLIC_KEY, String.class).map(String::trim).filter(s -> !s.isEmpty())
                .ifPresent(info::setPublicKeyContent);
        config.getOptionalValues(AUDIENCES, String.class)
                .ifPresent(audiences -> info.setExpectedAudience(new LinkedHashSet<>(audiences)));
        config.getOptionalValues(ALGORITHM, String.class).ifPresent(algorithms -> info.setSignatureAlgorithm(
                algorithms.stream().map(SignatureAlgorithm::fromAlgorithm).collect(Collectors.toSet())));
        config.getOptionalValue(CLOCK_SKEW, Integer.class).ifPresent(info::setClockSkew);
        config.getOptionalValue(TOKEN_AGE, Long.class).ifPresent(info::setTokenAge);
        config.getOptionalValue(GROUPS_PATH, String.class).ifPresent(info::setGroupsPath);
        config.getOptionalValue(GROUPS_CLAIM, String.class).ifPresent(info::setDefaultGroupsClaim);
        config.getOptionalValue(SUBJECT_PATH, String.class).ifPresent(info::setSubjectPath);
        config.getOptionalValues(REQUIRED_CLAIMS, String.class)
                .ifPresent(claims -> info.setRequiredClaims(new LinkedHashSet<>(claims)));
        config.getOptionalValue(TIME_TO_LIVE, Long.class).ifPresent(info::setMaxTimeToLiveSecs);
        config.getOptionalValue(JWKS_REFRESH_INTERVAL, Integer.class).ifPresent(info::setJwksRefreshInterval);
        for (String name : config.getPropertyNames()) {
            if (ignored(name)) {
                LOG.warnf("%s is set but not read: Authenticator reads only %s", name, SUPPORTED);
            }
        }
        return info;
    }

    private static boolean ignored(String name) {
        if (SUPPORTED.contains(name)) {
            return false;
        }
        // smallrye.jwt.sign/encrypt/new-token configure token building (smallrye-jwt-build), not verification.
        return name.startsWith("mp.jwt.") || (name.startsWith("smallrye.jwt.")
                && !name.startsWith("smallrye.jwt.sign.") && !name.startsWith("smallrye.jwt.encrypt.")
                && !name.startsWith("smallrye.jwt.new-token."));
    }

    /** @param authorization the Authorization header value, "Bearer ..." */
    public Caller fromAuthorizationHeader(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new PagosException(ErrorCode.UNAUTHENTICATED, "A bearer token is required");
        }
        return fromToken(authorization.substring(7).trim());
    }

    public Caller fromToken(String token) {
        if (token == null || token.isBlank()) {
            throw new PagosException(ErrorCode.UNAUTHENTICATED, "A bearer token is required");
        }
        JsonWebToken jwt;
        try {
            jwt = verified(token);
        } catch (ParseException e) {
            throw new PagosException(ErrorCode.UNAUTHENTICATED, "The token is not valid", e);
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH
                || ControlCharacters.presentIn(subject)) {
            throw new PagosException(ErrorCode.UNAUTHENTICATED, "The token names no usable subject");
        }
        return new Caller(subject, jwt.getGroups() != null && jwt.getGroups().contains(adminRole));
    }

    private JsonWebToken verified(String token) throws ParseException {
        if (keyOverride != null) {
            return parser.verify(token, keyOverride.publicKey());
        }
        if (!keyConfigured) {
            throw new ParseException("No verification key is configured (" + PUBLIC_KEY_LOCATION + ")");
        }
        return parser.parse(token);
    }

    public record Caller(String userId, boolean admin) {
    }
}
