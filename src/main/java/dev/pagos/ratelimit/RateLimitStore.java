package dev.pagos.ratelimit;

import dev.pagos.persistence.Sql;
import io.smallrye.mutiny.Uni;
import java.time.Instant;

/** provider_rate_limits: one row per bucket, the earliest start of its next call. */
final class RateLimitStore {

    private RateLimitStore() {
    }

    /** A reserved slot: when the call may start (database clock) and how far that is from now, in seconds. */
    record Slot(Instant at, double waitSeconds) {
    }

    /**
     * Reserves the bucket's next slot, {@code intervalSeconds} after the previous one (or now, if that is past), on the
     * database's clock so that every instance agrees.
     */
    static Uni<Slot> reserve(String bucket, double intervalSeconds) {
        return Sql.first("""
                INSERT INTO provider_rate_limits AS r (bucket, next_at)
                VALUES ($1, clock_timestamp() + make_interval(secs => $2))
                ON CONFLICT (bucket) DO UPDATE
                    SET next_at = greatest(r.next_at, clock_timestamp()) + make_interval(secs => $2)
                RETURNING r.next_at - make_interval(secs => $2) AS slot,
                    extract(epoch FROM r.next_at - make_interval(secs => $2) - clock_timestamp())::float8 AS wait""",
                row -> new Slot(Sql.instant(row, "slot"), row.getDouble("wait")), bucket, intervalSeconds);
    }
}
