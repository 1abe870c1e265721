package dev.pagos.provider.paymentsway;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The one ClientAPI client. */
@ApplicationScoped
class PaymentsWayClient {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(8);

    /** Built once: timeouts bound every call, and every status is read by the caller rather than thrown. */
    @Produces
    @ApplicationScoped
    PaymentsWayApi paymentsWayApi(PaymentsWayEndpoints endpoints, PaymentsWayConfig config) {
        long timeout = config.timeout().orElse(DEFAULT_TIMEOUT).toMillis();
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(endpoints.apiBase())
                .connectTimeout(Math.min(timeout, 3000), TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(PaymentsWayApi.class);
    }
}
