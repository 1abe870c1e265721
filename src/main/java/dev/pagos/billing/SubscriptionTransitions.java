package dev.pagos.billing;

import dev.pagos.text.Truncate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The only place a subscription's or a charge's status changes. Each change is checked against the status's table,
 * written with its cause to the audit trail, and carries its side effect on the workspace's entitlements: granted
 * when a subscription becomes ACTIVE, kept while PAST_DUE (the dunning grace), revoked when it is CANCELED. Callers
 * hold the subscription's row lock (then the charge's) for the whole change.
 * <p>
 * A move or a note writes the subscription, with whatever else the caller changed on it before (one UPDATE, which
 * checks and advances its version); a change of a subscription that ends in neither is written with {@link #save}.
 * A charge that moves is written by {@link #moveCharge}.
 */
@ApplicationScoped
public class SubscriptionTransitions {

    private static final Logger LOG = Logger.getLogger(SubscriptionTransitions.class);

    private final Clock clock;

    SubscriptionTransitions(Clock clock) {
        this.clock = clock;
    }

    /**
     * What a transition did; {@code moved} is false when the table did not allow it and nothing changed.
     * {@code renewed}: an ACTIVE subscription was paid for a new period, which is no move but is news to its owner.
     */
    public record Change(Subscription subscription, SubscriptionStatus from, boolean moved, boolean renewed) {

        static Change none(Subscription subscription) {
            return new Change(subscription, subscription.status, false, false);
        }

        static Change renewal(Subscription subscription) {
            return new Change(subscription, subscription.status, false, true);
        }
    }

    public Uni<Subscription> create(Subscription subscription, String cause) {
        subscription.status = SubscriptionStatus.PENDING;
        return SubscriptionStore.insert(subscription)
                .flatMap(ignored -> record(subscription.id, null, SubscriptionStatus.PENDING, cause, null))
                .replaceWith(subscription);
    }

    /** The subscription, row-locked until the transaction ends; null when there is none. */
    public static Uni<Subscription> lock(UUID subscriptionId) {
        return SubscriptionStore.lock(subscriptionId);
    }

    static Uni<Charge> lockCharge(UUID chargeId) {
        return ChargeStore.lock(chargeId);
    }

    /**
     * Writes a locked subscription changed outside a move or a note (a next action, a failure reason).
     *
     * @throws IllegalStateException (in the Uni) when the row changed since it was read
     */
    static Uni<Void> save(Subscription subscription) {
        return SubscriptionStore.update(subscription);
    }

    /** Moves a locked subscription if the table allows it; otherwise records nothing. */
    public Uni<Change> move(Subscription subscription, SubscriptionStatus to, String cause, String detail) {
        SubscriptionStatus from = subscription.status;
        if (!from.canMoveTo(to)) {
            LOG.infof("Subscription %s stays %s: %s -> %s is not allowed (cause %s)", subscription.id, from, from, to, cause);
            return Uni.createFrom().item(Change.none(subscription));
        }
        Instant now = clock.instant();
        subscription.status = to;
        subscription.updatedAt = now;
        Uni<Void> entitlements = switch (to) {
            case ACTIVE -> from == SubscriptionStatus.PENDING ? grant(subscription, now) : Uni.createFrom().voidItem();
            case CANCELED -> {
                subscription.nextActionAt = null;
                if (subscription.canceledAt == null) {
                    subscription.canceledAt = now;
                }
                yield revoke(subscription, now, "subscription canceled (" + Truncate.toLength(cause, 200) + ")");
            }
            case FAILED -> {
                subscription.nextActionAt = null;
                subscription.failureReason = Truncate.toLength(detail, 1000);
                yield Uni.createFrom().voidItem();
            }
            case PENDING, PAST_DUE -> Uni.createFrom().voidItem();
        };
        return entitlements.flatMap(ignored -> record(subscription.id, from, to, cause, detail))
                .flatMap(ignored -> SubscriptionStore.update(subscription))
                .replaceWith(new Change(subscription, from, true, false));
    }

    /** A change that is not a status change (cancel at period end, its undoing, a new card, a plan change) is audited too. */
    public Uni<Void> note(Subscription subscription, String cause, String detail) {
        subscription.updatedAt = clock.instant();
        return record(subscription.id, subscription.status, subscription.status, cause, detail)
                .flatMap(ignored -> SubscriptionStore.update(subscription));
    }

    /** The selection changed at a period start: what the workspace has follows it. */
    Uni<Void> regrant(Subscription subscription, String cause) {
        Instant now = clock.instant();
        return revoke(subscription, now, "replaced by a change of subscription (" + cause + ")")
                .flatMap(ignored -> grant(subscription, now));
    }

    private Uni<Void> grant(Subscription subscription, Instant now) {
        List<SubscriptionEntitlement> all = new ArrayList<>();
        List<Map<String, Object>> items = Selections.items(subscription.selection);
        for (Map<String, Object> item : items) {
            SubscriptionEntitlement entitlement = new SubscriptionEntitlement();
            entitlement.id = UUID.randomUUID();
            entitlement.userId = subscription.ownerId;
            entitlement.subscriptionId = subscription.id;
            entitlement.workspaceId = subscription.workspaceId;
            entitlement.kind = Selections.kindOf(item);
            entitlement.itemReference = (String) item.get("reference");
            entitlement.quantity = ((Number) item.get("quantity")).intValue();
            entitlement.botFlowId = (String) item.get("botFlowId");
            entitlement.months = subscription.billingPeriod.months();
            entitlement.grantedAt = now;
            all.add(entitlement);
        }
        return SubscriptionStore.insertEntitlements(all);
    }

    private static Uni<Void> revoke(Subscription subscription, Instant now, String reason) {
        return SubscriptionStore.revokeEntitlements(subscription.id, now, Truncate.toLength(reason, 1000));
    }

    public Uni<Charge> createCharge(Charge charge, String cause) {
        charge.status = ChargeStatus.CREATED;
        charge.createdAt = clock.instant();
        charge.updatedAt = charge.createdAt;
        return ChargeStore.insert(charge).flatMap(ignored -> recordCharge(charge.id, null, ChargeStatus.CREATED, cause, null))
                .replaceWith(charge);
    }

    /**
     * Moves a locked charge if the table allows it and writes it (with whatever else the caller changed on it);
     * otherwise changes, writes and records nothing.
     *
     * @return whether the charge moved
     */
    public Uni<Boolean> moveCharge(Charge charge, ChargeStatus to, String cause, String detail) {
        return moveCharge(charge, to, cause, detail, charge.status.canMoveTo(to));
    }

    /** {@link #moveCharge} for a person's decision on the review desk (the moves only a person makes, too). */
    public Uni<Boolean> decideCharge(Charge charge, ChargeStatus to, String cause, String detail) {
        return moveCharge(charge, to, cause, detail, charge.status.canBeMovedByAPersonTo(to));
    }

    private Uni<Boolean> moveCharge(Charge charge, ChargeStatus to, String cause, String detail, boolean allowed) {
        ChargeStatus from = charge.status;
        if (!allowed) {
            LOG.infof("Charge %s stays %s: %s -> %s is not allowed (cause %s)", charge.id, from, from, to, cause);
            return Uni.createFrom().item(false);
        }
        charge.status = to;
        charge.updatedAt = clock.instant();
        if (to == ChargeStatus.DECLINED || to == ChargeStatus.NEEDS_REVIEW) {
            charge.failureReason = Truncate.toLength(detail, 1000);
        }
        return recordCharge(charge.id, from, to, cause, detail).flatMap(ignored -> ChargeStore.update(charge))
                .replaceWith(true);
    }

    private Uni<Void> record(UUID subscriptionId, SubscriptionStatus from, SubscriptionStatus to, String cause,
            String detail) {
        SubscriptionTransition line = new SubscriptionTransition();
        line.subscriptionId = subscriptionId;
        line.fromStatus = from;
        line.toStatus = to;
        line.cause = Truncate.toLength(cause, 300);
        line.detail = Truncate.toLength(detail, 2000);
        line.occurredAt = clock.instant();
        return SubscriptionStore.insertTransition(line).replaceWithVoid();
    }

    private Uni<Void> recordCharge(UUID chargeId, ChargeStatus from, ChargeStatus to, String cause, String detail) {
        ChargeTransition line = new ChargeTransition();
        line.chargeId = chargeId;
        line.fromStatus = from;
        line.toStatus = to;
        line.cause = Truncate.toLength(cause, 300);
        line.detail = Truncate.toLength(detail, 2000);
        line.occurredAt = clock.instant();
        return ChargeStore.insertTransition(line).replaceWithVoid();
    }
}
