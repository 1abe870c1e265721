package dev.pagos.ratelimit;

import dev.pagos.persistence.Sql;
import io.smallrye.mutiny.Uni;

/** provider_rate_limits: one row per bucket, the earliest start of its next call. */
final class RateLimitStore {

    private RateLimitStore() {
    }

    /**
     * Reserves the bucket's next slot, {@code intervalSeconds} after the previous one (or now, if that is past), on the
     * database's clock so that every instance agrees.
     *
     * @return seconds from now until the reserved slot (0 or less: go now)
     */
    static Uni<Double> reserve(String bucket, double intervalSeconds) {
        return Sql.first("""
                INSERT INTO provider_rate_limits AS r (bucket, next_at)
                VALUES ($1, clock_timestamp() + make_interval(secs => $2))
                ON CONFLICT (bucket) DO UPDATE
                    SET next_at = greatest(r.next_at, clock_timestamp()) + make_interval(secs => $2)
                RETURNING extract(epoch FROM r.next_at - make_interval(secs => $2) - clock_timestamp())::float8 AS wait""",
                row -> row.getDouble("wait"), bucket, intervalSeconds);
    }
}
