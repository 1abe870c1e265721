package dev.pagos.provider.wompi;

import dev.pagos.ratelimit.RateLimiter;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/** The one Wompi REST client, shared by the hosted checkout and the card charges. */
@ApplicationScoped
class WompiClient {

    /** Built once: timeouts bound every call, and every status is read by the caller rather than thrown. */
    @Produces
    @ApplicationScoped
    WompiApi wompiApi(WompiEndpoints endpoints, WompiConfig config, RateLimiter limiter) {
        Duration timeout = config.timeout();
        WompiApi client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(endpoints.apiBase())
                .connectTimeout(Math.min(timeout.toMillis(), 3000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, config.connections())
                .build(WompiApi.class);
        // Wompi limits calls per merchant account: the bucket is the account (its public key), whatever calls it.
        return new RateLimitedWompiApi(client, limiter, "wompi:" + config.publicKey().orElse("unset"), config.rateLimit());
    }
}
