package dev.pagos.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.pricing.ExchangeRate;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Pesos per dollar for pricing. Read from the configured source through the REST client and kept for the TTL;
 * when the source fails, times out or answers something that is not a plausible COP rate, the configured fallback
 * is used (and said to be the fallback, so the order records it) and the source is asked again after a short
 * pause rather than on every request.
 */
@ApplicationScoped
public class ExchangeRates {

    private static final Logger LOG = Logger.getLogger(ExchangeRates.class);

    private final ExchangeRateApi api;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration ttl;
    private final Duration retryAfterFailure;
    private final BigDecimal fallback;
    private final BigDecimal minPlausible;
    private final BigDecimal maxPlausible;
    private volatile Cached cached;

    private record Cached(ExchangeRate rate, Instant until) {
    }

    ExchangeRates(ObjectMapper json, Clock clock,
            @ConfigProperty(name = "pagos.exchange-rate.url") URI url,
            @ConfigProperty(name = "pagos.exchange-rate.ttl") Duration ttl,
            @ConfigProperty(name = "pagos.exchange-rate.retry-after-failure") Duration retryAfterFailure,
            @ConfigProperty(name = "pagos.exchange-rate.fallback") BigDecimal fallback,
            @ConfigProperty(name = "pagos.exchange-rate.min-plausible") BigDecimal minPlausible,
            @ConfigProperty(name = "pagos.exchange-rate.max-plausible") BigDecimal maxPlausible,
            @ConfigProperty(name = "pagos.exchange-rate.timeout") Duration timeout) {
        this.json = json;
        this.clock = clock;
        this.ttl = ttl;
        this.retryAfterFailure = retryAfterFailure;
        this.fallback = fallback;
        this.minPlausible = minPlausible;
        this.maxPlausible = maxPlausible;
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(url)
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(ExchangeRateApi.class);
    }

    public ExchangeRate copPerUsd() {
        Cached current = cached;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.until())) {
            return current.rate();
        }
        ExchangeRate fresh = fetch(now);
        Duration keep = fresh.origin() == ExchangeRate.Origin.SOURCE ? ttl : retryAfterFailure;
        cached = new Cached(fresh, now.plus(keep));
        return fresh;
    }

    /** Forgets the cached rate (tests, and an operator who knows the source changed). */
    public void forget() {
        cached = null;
    }

    private ExchangeRate fetch(Instant now) {
        try (Response response = api.latest()) {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            if (response.getStatus() != 200) {
                return fallback(now, "answered " + response.getStatus());
            }
            JsonNode cop = json.readTree(body).path("rates").path("COP");
            if (!cop.isNumber()) {
                return fallback(now, "has no numeric rates.COP");
            }
            BigDecimal rate = cop.decimalValue();
            if (rate.compareTo(minPlausible) < 0 || rate.compareTo(maxPlausible) > 0) {
                return fallback(now, "answered an implausible rate " + rate.toPlainString());
            }
            return new ExchangeRate(rate.stripTrailingZeros(), ExchangeRate.Origin.SOURCE, now);
        } catch (RuntimeException | java.io.IOException e) {
            return fallback(now, "failed: " + e.getMessage());
        }
    }

    private ExchangeRate fallback(Instant now, String why) {
        LOG.warnf("Exchange rate source %s; using the fallback %s COP per USD", why, fallback.toPlainString());
        return new ExchangeRate(fallback, ExchangeRate.Origin.FALLBACK, now);
    }
}
