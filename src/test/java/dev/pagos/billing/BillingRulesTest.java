package dev.pagos.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.pricing.BillingPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Period arithmetic, the dunning schedule and the status tables: pure rules, no application. */
class BillingRulesTest {

    private static Instant at(String utc) {
        return Instant.parse(utc);
    }

    @Test
    void monthlyPeriodsAnchoredOnJanuary31ClampToMonthEndsWithoutDrifting() {
        Instant anchor = at("2027-01-31T10:15:00Z");
        assertEquals(at("2027-02-28T10:15:00Z"), BillingPeriods.end(anchor, BillingPeriod.MONTHLY, 0));
        assertEquals(at("2027-03-31T10:15:00Z"), BillingPeriods.end(anchor, BillingPeriod.MONTHLY, 1));
        assertEquals(at("2027-04-30T10:15:00Z"), BillingPeriods.end(anchor, BillingPeriod.MONTHLY, 2));
        assertEquals(at("2027-03-31T10:15:00Z"), BillingPeriods.start(anchor, BillingPeriod.MONTHLY, 2));
    }

    @Test
    void leapYearFebruaryHas29Days() {
        Instant anchor = at("2028-01-31T00:00:00Z");
        assertEquals(at("2028-02-29T00:00:00Z"), BillingPeriods.end(anchor, BillingPeriod.MONTHLY, 0));
        assertEquals(at("2028-03-31T00:00:00Z"), BillingPeriods.end(anchor, BillingPeriod.MONTHLY, 1));
    }

    @Test
    void periodsAreInUtcAcrossTheYearEnd() {
        Instant anchor = at("2026-12-15T23:30:00Z");
        assertEquals(at("2027-01-15T23:30:00Z"), BillingPeriods.end(anchor, BillingPeriod.MONTHLY, 0));
        assertEquals(at("2027-12-15T23:30:00Z"), BillingPeriods.end(anchor, BillingPeriod.MONTHLY, 11));
    }

    @Test
    void annualPeriodsAreTwelveMonthsAndFebruary29ClampsToFebruary28() {
        Instant anchor = at("2028-02-29T08:00:00Z");
        assertEquals(at("2029-02-28T08:00:00Z"), BillingPeriods.end(anchor, BillingPeriod.ANNUAL, 0));
        assertEquals(at("2032-02-29T08:00:00Z"), BillingPeriods.end(anchor, BillingPeriod.ANNUAL, 3));
        assertEquals(at("2029-02-28T08:00:00Z"), BillingPeriods.start(anchor, BillingPeriod.ANNUAL, 1));
    }

    @Test
    void firstPeriodStartsAtTheAnchor() {
        Instant anchor = at("2027-05-05T05:05:05Z");
        assertEquals(anchor, BillingPeriods.start(anchor, BillingPeriod.MONTHLY, 0));
        assertThrows(IllegalArgumentException.class, () -> BillingPeriods.start(anchor, BillingPeriod.MONTHLY, -1));
    }

    @Test
    void dunningRetriesAtConfiguredOffsetsFromTheDueDateThenGivesUp() {
        DunningSchedule schedule = new DunningSchedule(List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(5)));
        Instant due = at("2027-02-28T10:00:00Z");
        assertEquals(Optional.of(at("2027-03-01T10:00:00Z")), schedule.retryAt(due, 1));
        assertEquals(Optional.of(at("2027-03-03T10:00:00Z")), schedule.retryAt(due, 2));
        assertEquals(Optional.of(at("2027-03-05T10:00:00Z")), schedule.retryAt(due, 3));
        assertEquals(Optional.empty(), schedule.retryAt(due, 4));
        assertEquals(Duration.ofDays(5), schedule.grace());
        assertThrows(IllegalArgumentException.class, () -> schedule.retryAt(due, 0));
    }

    @Test
    void dunningOffsetsMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new DunningSchedule(List.of(Duration.ofDays(3), Duration.ofDays(1))));
        assertThrows(IllegalArgumentException.class, () -> new DunningSchedule(List.of(Duration.ZERO)));
        assertEquals(Optional.empty(), new DunningSchedule(List.of()).retryAt(Instant.EPOCH, 1));
    }

    @Test
    void subscriptionStatusesMoveOnlyForward() {
        assertTrue(SubscriptionStatus.PENDING.canMoveTo(SubscriptionStatus.ACTIVE));
        assertTrue(SubscriptionStatus.PENDING.canMoveTo(SubscriptionStatus.FAILED));
        assertTrue(SubscriptionStatus.ACTIVE.canMoveTo(SubscriptionStatus.PAST_DUE));
        assertTrue(SubscriptionStatus.PAST_DUE.canMoveTo(SubscriptionStatus.ACTIVE));
        assertTrue(SubscriptionStatus.PAST_DUE.canMoveTo(SubscriptionStatus.CANCELED));
        assertFalse(SubscriptionStatus.ACTIVE.canMoveTo(SubscriptionStatus.PENDING));
        assertFalse(SubscriptionStatus.FAILED.canMoveTo(SubscriptionStatus.ACTIVE));
        assertFalse(SubscriptionStatus.CANCELED.canMoveTo(SubscriptionStatus.ACTIVE));
        assertTrue(SubscriptionStatus.CANCELED.isFinal() && SubscriptionStatus.FAILED.isFinal());
        assertTrue(SubscriptionStatus.PAST_DUE.grantsAccess());
        assertFalse(SubscriptionStatus.CANCELED.grantsAccess());
    }

    @Test
    void chargeStatusesSettleOnce() {
        assertTrue(ChargeStatus.CREATED.canMoveTo(ChargeStatus.UNKNOWN));
        assertTrue(ChargeStatus.UNKNOWN.canMoveTo(ChargeStatus.APPROVED));
        assertTrue(ChargeStatus.PENDING.canMoveTo(ChargeStatus.DECLINED));
        assertFalse(ChargeStatus.APPROVED.canMoveTo(ChargeStatus.DECLINED));
        assertFalse(ChargeStatus.DECLINED.canMoveTo(ChargeStatus.APPROVED));
        assertFalse(ChargeStatus.PENDING.canMoveTo(ChargeStatus.UNKNOWN));
        // The review desk's moves are a person's only: no provider answer moves a settled charge again.
        assertFalse(ChargeStatus.NEEDS_REVIEW.canMoveTo(ChargeStatus.APPROVED));
        assertFalse(ChargeStatus.APPROVED.canMoveTo(ChargeStatus.REFUNDED));
        assertTrue(ChargeStatus.NEEDS_REVIEW.canBeMovedByAPersonTo(ChargeStatus.APPROVED));
        assertTrue(ChargeStatus.NEEDS_REVIEW.canBeMovedByAPersonTo(ChargeStatus.REFUNDED));
        assertTrue(ChargeStatus.APPROVED.canBeMovedByAPersonTo(ChargeStatus.REFUNDED));
        assertFalse(ChargeStatus.DECLINED.canBeMovedByAPersonTo(ChargeStatus.REFUNDED));
        assertFalse(ChargeStatus.REFUNDED.canBeMovedByAPersonTo(ChargeStatus.APPROVED));
        assertTrue(ChargeStatus.APPROVED.isFinal() && ChargeStatus.REFUNDED.isFinal());
    }

    @Test
    void idempotencyKeysComeFromOurIdsAndAreStablePerAttempt() {
        java.util.UUID subscription = java.util.UUID.fromString("00000000-0000-0000-0000-000000000007");
        assertEquals("pagos-charge-00000000-0000-0000-0000-000000000007-2-1", Charge.idempotencyKeyOf(subscription, 2, 1));
        assertEquals(Charge.idempotencyKeyOf(subscription, 2, 1), Charge.idempotencyKeyOf(subscription, 2, 1));
    }
}
