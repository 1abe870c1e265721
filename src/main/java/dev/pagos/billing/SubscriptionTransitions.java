package dev.pagos.billing;

import dev.pagos.text.Truncate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The only place a subscription's or a charge's status changes. Each change is checked against the status's table,
 * written with its cause to the audit trail, and carries its side effect on the workspace's entitlements: granted
 * when a subscription becomes ACTIVE, kept while PAST_DUE (the dunning grace), revoked when it is CANCELED. Callers
 * hold the subscription's row lock (then the charge's) for the whole change.
 */
@ApplicationScoped
public class SubscriptionTransitions {

    private static final Logger LOG = Logger.getLogger(SubscriptionTransitions.class);

    private final Clock clock;

    SubscriptionTransitions(Clock clock) {
        this.clock = clock;
    }

    /** What a transition did; {@code moved} is false when the table did not allow it and nothing changed. */
    public record Change(Subscription subscription, SubscriptionStatus from, boolean moved) {

        static Change none(Subscription subscription) {
            return new Change(subscription, subscription.status, false);
        }
    }

    public Uni<Subscription> create(Subscription subscription, String cause) {
        subscription.status = SubscriptionStatus.PENDING;
        return subscription.<Subscription>persist()
                .flatMap(saved -> record(saved.id, null, SubscriptionStatus.PENDING, cause, null).replaceWith(saved));
    }

    public static Uni<Subscription> lock(UUID subscriptionId) {
        return Subscription.<Subscription>find("id", subscriptionId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    static Uni<Charge> lockCharge(UUID chargeId) {
        return Charge.<Charge>find("id", chargeId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
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
                .replaceWith(new Change(subscription, from, true));
    }

    /** A change that is not a status change (cancel at period end, its undoing, a new card, a plan change) is audited too. */
    public Uni<Void> note(Subscription subscription, String cause, String detail) {
        subscription.updatedAt = clock.instant();
        return record(subscription.id, subscription.status, subscription.status, cause, detail).replaceWithVoid();
    }

    /** The selection changed at a period start: what the workspace has follows it. */
    Uni<Void> regrant(Subscription subscription, String cause) {
        Instant now = clock.instant();
        return revoke(subscription, now, "replaced by a change of subscription (" + cause + ")")
                .flatMap(ignored -> grant(subscription, now));
    }

    private Uni<Void> grant(Subscription subscription, Instant now) {
        Uni<Void> all = Uni.createFrom().voidItem();
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
            all = all.flatMap(ignored -> entitlement.persist().replaceWithVoid());
        }
        return all;
    }

    private static Uni<Void> revoke(Subscription subscription, Instant now, String reason) {
        return SubscriptionEntitlement.update("revokedAt = ?1, revokeReason = ?2 where subscriptionId = ?3 and revokedAt is null",
                now, Truncate.toLength(reason, 1000), subscription.id).replaceWithVoid();
    }

    public Uni<Charge> createCharge(Charge charge, String cause) {
        charge.status = ChargeStatus.CREATED;
        charge.createdAt = clock.instant();
        charge.updatedAt = charge.createdAt;
        return charge.<Charge>persist().flatMap(saved -> recordCharge(saved.id, null, ChargeStatus.CREATED, cause, null)
                .replaceWith(saved));
    }

    /** @return whether the charge moved */
    public Uni<Boolean> moveCharge(Charge charge, ChargeStatus to, String cause, String detail) {
        ChargeStatus from = charge.status;
        if (!from.canMoveTo(to)) {
            LOG.infof("Charge %s stays %s: %s -> %s is not allowed (cause %s)", charge.id, from, from, to, cause);
            return Uni.createFrom().item(false);
        }
        charge.status = to;
        charge.updatedAt = clock.instant();
        if (to == ChargeStatus.DECLINED || to == ChargeStatus.NEEDS_REVIEW) {
            charge.failureReason = Truncate.toLength(detail, 1000);
        }
        return recordCharge(charge.id, from, to, cause, detail).replaceWith(true);
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
        return line.persist().replaceWithVoid();
    }

    private Uni<Void> recordCharge(UUID chargeId, ChargeStatus from, ChargeStatus to, String cause, String detail) {
        ChargeTransition line = new ChargeTransition();
        line.chargeId = chargeId;
        line.fromStatus = from;
        line.toStatus = to;
        line.cause = Truncate.toLength(cause, 300);
        line.detail = Truncate.toLength(detail, 2000);
        line.occurredAt = clock.instant();
        return line.persist().replaceWithVoid();
    }
}
