package dev.pagos.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The transition table, spelled out: anything not listed here must be refused. */
class OrderStatusTest {

    private static Set<OrderStatus> allowedFrom(OrderStatus from) {
        Set<OrderStatus> allowed = EnumSet.noneOf(OrderStatus.class);
        for (OrderStatus to : OrderStatus.values()) {
            if (from.canMoveTo(to)) {
                allowed.add(to);
            }
        }
        return allowed;
    }

    @Test
    void transitionTable() {
        assertEquals(EnumSet.of(OrderStatus.APPROVED, OrderStatus.CAPTURE_PENDING, OrderStatus.COMPLETED, OrderStatus.FAILED,
                OrderStatus.NEEDS_REVIEW), allowedFrom(OrderStatus.PENDING));
        assertEquals(EnumSet.of(OrderStatus.CAPTURE_PENDING, OrderStatus.COMPLETED, OrderStatus.FAILED, OrderStatus.NEEDS_REVIEW),
                allowedFrom(OrderStatus.APPROVED));
        assertEquals(EnumSet.of(OrderStatus.COMPLETED, OrderStatus.FAILED, OrderStatus.NEEDS_REVIEW),
                allowedFrom(OrderStatus.CAPTURE_PENDING));
        // Held for review: only a refund settles it automatically; nothing grants it without a person.
        assertEquals(EnumSet.of(OrderStatus.REFUNDED), allowedFrom(OrderStatus.NEEDS_REVIEW));
        assertEquals(EnumSet.of(OrderStatus.REFUNDED), allowedFrom(OrderStatus.COMPLETED));
        assertEquals(EnumSet.noneOf(OrderStatus.class), allowedFrom(OrderStatus.FAILED));
        assertEquals(EnumSet.noneOf(OrderStatus.class), allowedFrom(OrderStatus.REFUNDED));
    }

    @Test
    void nothingMovesBackwardsOrStaysInPlace() {
        for (OrderStatus status : OrderStatus.values()) {
            assertFalse(status.canMoveTo(status), status + " -> itself");
            assertFalse(status.canMoveTo(OrderStatus.PENDING), status + " -> PENDING");
        }
        assertFalse(OrderStatus.COMPLETED.canMoveTo(OrderStatus.FAILED));
        assertFalse(OrderStatus.REFUNDED.canMoveTo(OrderStatus.COMPLETED));
        assertFalse(OrderStatus.NEEDS_REVIEW.canMoveTo(OrderStatus.COMPLETED));
    }

    @Test
    void onlyAPersonAcceptsAnOrderHeldForReview() {
        assertFalse(OrderStatus.NEEDS_REVIEW.canMoveTo(OrderStatus.COMPLETED));
        assertTrue(OrderStatus.NEEDS_REVIEW.canBeMovedByAPersonTo(OrderStatus.COMPLETED));
        assertTrue(OrderStatus.NEEDS_REVIEW.canBeMovedByAPersonTo(OrderStatus.REFUNDED));
        assertTrue(OrderStatus.COMPLETED.canBeMovedByAPersonTo(OrderStatus.REFUNDED));
        assertFalse(OrderStatus.FAILED.canBeMovedByAPersonTo(OrderStatus.COMPLETED));
        assertFalse(OrderStatus.REFUNDED.canBeMovedByAPersonTo(OrderStatus.COMPLETED));
        assertFalse(OrderStatus.PENDING.canBeMovedByAPersonTo(OrderStatus.REFUNDED));
    }

    @Test
    void finalStatuses() {
        assertTrue(OrderStatus.FAILED.isFinal());
        assertTrue(OrderStatus.REFUNDED.isFinal());
        assertFalse(OrderStatus.COMPLETED.isFinal());
    }
}
