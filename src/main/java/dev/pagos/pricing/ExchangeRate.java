package dev.pagos.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Colombian pesos per US dollar, and where the number came from: the configured source, or the configured
 * fallback when the source failed or answered nonsense. Both are stored on the order that used them.
 */
public record ExchangeRate(BigDecimal copPerUsd, Origin origin, Instant asOf) {

    public enum Origin {
        SOURCE,
        FALLBACK
    }

    public ExchangeRate {
        Objects.requireNonNull(copPerUsd, "copPerUsd");
        Objects.requireNonNull(origin, "origin");
        if (copPerUsd.signum() <= 0) {
            throw new IllegalArgumentException("an exchange rate is positive");
        }
    }
}
