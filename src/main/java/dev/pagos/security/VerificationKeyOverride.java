package dev.pagos.security;

import java.security.PublicKey;

/**
 * Local mode's seam into {@link Authenticator}: when a bean of this type exists ({@code DevTokens}, dev profile
 * only), tokens are verified with its key instead of the configured one. No implementation is compiled into the
 * Lambda build (-Dlambda), so there the configured key is the only one.
 */
public interface VerificationKeyOverride {

    PublicKey publicKey();
}
