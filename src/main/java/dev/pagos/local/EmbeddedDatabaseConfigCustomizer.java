package dev.pagos.local;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Adds {@link EmbeddedDatabaseConfigSourceFactory} to the configuration. Registered in
 * src/local/resources/META-INF/services, a resource directory only builds with local mode have (the local-mode
 * profile in pom.xml): the Lambda build, which leaves dev.pagos.local out, then names no class it lacks (Quarkus
 * loads every listed service while it builds, and a missing one fails the build).
 */
public class EmbeddedDatabaseConfigCustomizer implements SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withSources(new EmbeddedDatabaseConfigSourceFactory());
    }
}
