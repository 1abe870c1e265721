package dev.pagos.billing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a declined renewal is tried again: each retry at a fixed offset from the day the period was due (e.g. +1,
 * +3 and +5 days). After the last retry is declined there is none: the subscription is canceled for non-payment.
 * Pure; the offsets come from configuration (pagos.billing.dunning).
 */
public record DunningSchedule(List<Duration> offsets) {

    public DunningSchedule {
        offsets = List.copyOf(offsets);
        for (int i = 0; i < offsets.size(); i++) {
            if (offsets.get(i).isNegative() || offsets.get(i).isZero()
                    || (i > 0 && offsets.get(i).compareTo(offsets.get(i - 1)) <= 0)) {
                throw new IllegalArgumentException("dunning offsets are positive and increasing: " + offsets);
            }
        }
    }

    /**
     * @param due when the period was due (the end of the paid period)
     * @param declined how many attempts for this period were declined so far (1 after the first decline)
     * @return when to try again, or empty when the retries are spent
     */
    public Optional<Instant> retryAt(Instant due, int declined) {
        if (declined < 1) {
            throw new IllegalArgumentException("a retry follows a decline");
        }
        return declined > offsets.size() ? Optional.empty() : Optional.of(due.plus(offsets.get(declined - 1)));
    }

    /** How long access is kept after the due date while retries remain. */
    public Duration grace() {
        return offsets.isEmpty() ? Duration.ZERO : offsets.get(offsets.size() - 1);
    }
}
