package dev.pagos.billing;

import dev.pagos.pricing.BillingPeriod;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Period arithmetic, pure and in UTC. Every period is counted from the anchor (the first period's start), never
 * from the previous period's end, so a month end clamps without drifting: anchored on Jan 31, periods end on
 * Feb 28 (29 in a leap year), Mar 31, Apr 30, ...; an annual period anchored on Feb 29 ends on Feb 28.
 */
public final class BillingPeriods {

    private BillingPeriods() {
    }

    /** When period {@code index} (0 = the first) starts. */
    public static Instant start(Instant anchor, BillingPeriod period, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("period index is 0 or more");
        }
        return anchor.atOffset(ZoneOffset.UTC).plusMonths((long) period.months() * index).toInstant();
    }

    /** When period {@code index} ends: the start of the next. */
    public static Instant end(Instant anchor, BillingPeriod period, int index) {
        return start(anchor, period, index + 1);
    }
}
