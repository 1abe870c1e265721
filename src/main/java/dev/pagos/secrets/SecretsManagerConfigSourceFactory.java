package dev.pagos.secrets;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Reads secrets from AWS Secrets Manager when the function starts, so that no secret is written into the
 * function's configuration as a plaintext environment variable (issue 8). PAGOS_SECRETS names what to read:
 * <pre>
 *   PAGOS_SECRETS=DATABASE_PASSWORD=arn:aws:secretsmanager:...:secret:db#password,PAYPAL_CLIENT_SECRET=arn:...:secret:paypal#client_secret
 * </pre>
 * Each entry is {@code PROPERTY=SECRET_ARN#JSON_KEY}; the value becomes PROPERTY in the configuration, below
 * real environment variables (a value set there wins) and above application.properties. Without PAGOS_SECRETS
 * this does nothing and loads none of the AWS client classes (dev.pagos.aws). A secret that cannot be read stops the start-up: a function
 * without its database password or PayPal secret cannot serve anything.
 * <p>
 * The Lambda role's credentials (environment variables, or the container credentials endpoint under SnapStart)
 * sign the calls (SigV4, dev.pagos.aws), over the JDK's HTTP client.
 * PAGOS_SECRETS_ENDPOINT overrides the endpoint (a test's fake; private DNS of a VPC endpoint needs nothing).
 */
public class SecretsManagerConfigSourceFactory implements ConfigSourceFactory {

    static final String SPEC = "PAGOS_SECRETS";
    static final String ENDPOINT = "PAGOS_SECRETS_ENDPOINT";
    /** Between application.properties (250) and environment variables (300). */
    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String spec = valueOf(context, SPEC);
        if (spec == null || spec.isBlank()) {
            return List.of();
        }
        // SecretReader holds every AWS client reference, so that without PAGOS_SECRETS none of it is loaded.
        return List.of(source(SecretReader.fromSecretsManager(valueOf(context, ENDPOINT)).read(spec)));
    }

    static ConfigSource source(Map<String, String> values) {
        return new MapBackedConfigSource("pagos-secrets-manager", values, ORDINAL) {
        };
    }

    private static String valueOf(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
