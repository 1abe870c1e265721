package dev.pagos.review;

import java.time.Instant;

/** A person's action on the review desk, as its audit row keeps it: who, when, why, and what it came to. */
public record AdminAction(String subjectType, String subjectId, String action, String actor, String reason,
        String manualReference, String outcome, Instant occurredAt) {
}
