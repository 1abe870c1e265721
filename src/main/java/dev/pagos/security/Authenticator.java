package dev.pagos.security;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.text.ControlCharacters;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns a bearer token into the caller. The user is always the token's subject, never a field of a
 * request. Tokens are checked with the mp.jwt.verify.* settings (issuer, key); in local mode, with the
 * key pair that {@link DevTokens} made at start-up instead.
 */
@ApplicationScoped
public class Authenticator {

    /** User ids are stored in columns of this size. */
    static final int MAX_SUBJECT_LENGTH = 255;

    private final JWTParser parser;
    private final Instance<DevTokens> devTokens;
    private final String adminRole;

    Authenticator(JWTParser parser, Instance<DevTokens> devTokens,
            @ConfigProperty(name = "pagos.auth.admin-role") String adminRole) {
        this.parser = parser;
        this.devTokens = devTokens;
        this.adminRole = adminRole;
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
            jwt = devTokens.isResolvable()
                    ? parser.verify(token, devTokens.get().publicKey())
                    : parser.parse(token);
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

    public record Caller(String userId, boolean admin) {
    }
}
