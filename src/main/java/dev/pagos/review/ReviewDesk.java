package dev.pagos.review;

import dev.pagos.billing.Charge;
import dev.pagos.billing.ChargeStatus;
import dev.pagos.billing.Subscription;
import dev.pagos.billing.SubscriptionCharges;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.money.Money;
import dev.pagos.order.Order;
import dev.pagos.order.OrderPayments;
import dev.pagos.order.OrderReview;
import dev.pagos.order.OrderStatus;
import dev.pagos.persistence.Transactions;
import dev.pagos.provider.ConfirmedPayment;
import dev.pagos.provider.PaymentProviders;
import dev.pagos.provider.PaymentReferences;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.TokenCharges;
import dev.pagos.text.Truncate;
import dev.pagos.webhook.WebhookPipeline;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The operator's review desk: what Pagos flagged for a person (payments held for review, abandoned events, charges
 * with no known outcome, subscriptions that stopped moving, approved charges to give back), each with its trail and
 * what its provider says now, and the actions a person takes on them. Every action is written to the admin actions
 * table with the admin's subject, the time and the reason, whatever it came to (refusals too).
 */
@ApplicationScoped
public class ReviewDesk {

    private static final Logger LOG = Logger.getLogger(ReviewDesk.class);
    public static final int MAX_REASON = 500;
    private static final int TRAIL_LINES = 20;

    /** What an action came to: the contract's outcome word, a sentence for the operator, the item as it is now. */
    public record Outcome(String outcome, String message, ReviewItem item) {
    }

    /** A page of the desk and the cursor of the next one (null at the end). */
    public record Page(List<ReviewItem> items, String nextCursor) {
    }

    private final OrderPayments orderPayments;
    private final OrderReview orderReview;
    private final SubscriptionCharges charges;
    private final PaymentProviders providers;
    private final WebhookPipeline webhooks;
    private final Clock clock;
    private final Duration providerTimeout;
    private final Duration overdue;
    /**
     * Where provider reads run: threads made as needed and dropped when idle (a read still running past the desk's
     * deadline is cancelled and ends at its client's own read timeout). Daemons: they never hold the JVM up.
     */
    private final ExecutorService readers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "review-provider-read");
        thread.setDaemon(true);
        return thread;
    });

    ReviewDesk(OrderPayments orderPayments, OrderReview orderReview, SubscriptionCharges charges,
            PaymentProviders providers, WebhookPipeline webhooks, Clock clock,
            @ConfigProperty(name = "pagos.review.provider-timeout", defaultValue = "PT3S") Duration providerTimeout,
            @ConfigProperty(name = "pagos.review.overdue", defaultValue = "PT1H") Duration overdue) {
        this.orderPayments = orderPayments;
        this.orderReview = orderReview;
        this.charges = charges;
        this.providers = providers;
        this.webhooks = webhooks;
        this.clock = clock;
        this.providerTimeout = providerTimeout;
        this.overdue = overdue;
    }

    // ---- The list ----

    public Page list(int limit, String cursor) {
        Cursor after = Cursor.decode(cursor);
        Instant overdueBefore = clock.instant().minus(overdue);
        List<ReviewItem> rows = Transactions.autocommit(() -> ReviewStore.flagged(overdueBefore,
                after == null ? null : after.flaggedAt(), after == null ? null : after.itemId(), limit + 1));
        boolean more = rows.size() > limit;
        List<ReviewItem> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new Cursor(page.get(page.size() - 1).flaggedAt(), page.get(page.size() - 1).id()).encode() : null;
        return new Page(decorate(page), next);
    }

    /** The subject's item as it stands now, or null when it is no longer flagged. */
    private ReviewItem current(String subjectType, String subjectId) {
        ReviewItem item = Transactions.autocommit(() -> ReviewStore.flaggedOne(clock.instant().minus(overdue),
                subjectType, subjectId));
        return item == null ? null : decorate(List.of(item)).get(0);
    }

    /**
     * Trails from the database, then every provider read at once on the readers' threads, all waited for together at most
     * {@code pagos.review.provider-timeout}: a provider that hangs costs the desk that long once, not once per item,
     * and its items say so instead of a status.
     */
    private List<ReviewItem> decorate(List<ReviewItem> items) {
        List<List<ReviewItem.AuditLine>> trails = new ArrayList<>();
        for (ReviewItem item : items) {
            trails.add(Transactions.autocommit(() -> ReviewStore.trail(item.subjectType(), item.subjectId(), TRAIL_LINES)
                    .flatMap(trail -> ReviewStore.actions(item.subjectType(), item.subjectId(), TRAIL_LINES)
                            .map(actions -> merged(trail, actions)))));
        }
        List<ReviewItem> decorated = new ArrayList<>();
        List<Future<String>> reads = items.stream().map(item -> providerRead(item)
                .map(read -> readers.submit(read::get)).orElse(null)).toList();
        long deadline = System.nanoTime() + providerTimeout.toNanos();
        for (int i = 0; i < items.size(); i++) {
            ReviewItem item = items.get(i);
            decorated.add(item.with(view(reads.get(i), deadline), trails.get(i), actionsFor(item, trails.get(i))));
        }
        return decorated;
    }

    private ReviewItem.ProviderView view(Future<String> read, long deadline) {
        if (read == null) {
            return null;
        }
        try {
            return new ReviewItem.ProviderView(read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS),
                    clock.instant(), null);
        } catch (TimeoutException e) {
            read.cancel(true);
            return new ReviewItem.ProviderView(null, clock.instant(), "no answer within " + providerTimeout.toMillis()
                    + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ReviewItem.ProviderView(null, clock.instant(), "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            return new ReviewItem.ProviderView(null, clock.instant(), Truncate.toLength(
                    cause instanceof ProviderRejectedException rejected ? "refused: " + rejected.providerCode()
                            : "unavailable: " + cause.getClass().getSimpleName(), 200));
        }
    }

    /** How to ask the item's provider about its payment now; empty when there is nothing to ask. */
    private Optional<Supplier<String>> providerRead(ReviewItem item) {
        Optional<ProviderName> provider = Optional.ofNullable(item.provider()).flatMap(ProviderName::fromCode);
        if (provider.isEmpty()) {
            return Optional.empty();
        }
        if (item.subjectType().equals("order") && item.providerReference() != null) {
            return providers.checkoutOf(provider.get()).filter(c -> c.configured())
                    .map(checkout -> () -> describe(checkout.lookup(item.providerReference())));
        }
        if (item.subjectType().equals("charge")) {
            String reference = item.providerReference();
            UUID chargeId = UUID.fromString(item.subjectId());
            return charges.tokenCharges(provider.get()).map(tokenCharges -> () -> reference != null
                    ? describe(tokenCharges.lookup(reference))
                    : tokenCharges.findByReference(PaymentReferences.ofCharge(chargeId)).map(ReviewDesk::describe)
                            .orElse("no payment with our reference"));
        }
        return Optional.empty();
    }

    private static String describe(ConfirmedPayment seen) {
        return seen.stage() + " (" + seen.providerStatus() + ")" + amount(seen.amount());
    }

    private static String describe(TokenCharges.ChargeResult seen) {
        return seen.outcome() + " (" + seen.providerStatus() + ")" + amount(seen.amount());
    }

    private static String amount(Money amount) {
        return amount == null ? "" : " " + amount.display();
    }

    private static List<ReviewItem.AuditLine> merged(List<ReviewItem.AuditLine> trail, List<AdminAction> actions) {
        List<ReviewItem.AuditLine> lines = new ArrayList<>(trail);
        for (AdminAction action : actions) {
            lines.add(new ReviewItem.AuditLine(action.occurredAt(), action.actor(), action.action() + ": "
                    + action.outcome() + (action.manualReference() == null ? "" : " (reference "
                    + action.manualReference() + ")"), action.reason()));
        }
        lines.sort(Comparator.comparing(ReviewItem.AuditLine::at));
        return lines;
    }

    private List<ReviewItem.Action> actionsFor(ReviewItem item, List<ReviewItem.AuditLine> audit) {
        String base = switch (item.subjectType()) {
            case "order" -> "/admin/orders/" + item.subjectId();
            case "charge" -> "/admin/charges/" + item.subjectId();
            case "webhook_event" -> "/admin/webhook-events/" + item.subjectId();
            default -> null;
        };
        boolean rejected = audit.stream().anyMatch(line -> !line.actor().equals("system")
                && line.action().startsWith("reject: rejected"));
        List<ReviewItem.Action> actions = new ArrayList<>();
        switch (item.kind()) {
            case ORDER_NEEDS_REVIEW, CHARGE_NEEDS_REVIEW -> {
                actions.add(new ReviewItem.Action("accept", base + "/accept", "Accept: grant it if "
                        + providerLabel(item.provider()) + "'s record shows this payment of its amount", false));
                if (!rejected) {
                    actions.add(new ReviewItem.Action("reject", base + "/reject", "Reject: grant nothing", false));
                }
                actions.add(refundAction(item, base));
            }
            case CHARGE_TO_REFUND -> actions.add(refundAction(item, base));
            case EVENT_ABANDONED -> actions.add(new ReviewItem.Action("replay", base + "/replay",
                    "Replay the event through the webhook pipeline", false));
            case CHARGE_UNKNOWN, SUBSCRIPTION_WITHOUT_NEXT_ACTION -> {
                // Nothing to decide by hand: the billing run resolves these by asking the provider; the desk shows them
                // so that a person sees when it does not.
            }
        }
        return actions;
    }

    private ReviewItem.Action refundAction(ReviewItem item, String base) {
        String money = amount(item.amount());
        boolean byApi = hasRefundApi(item.subjectType(), item.provider());
        return new ReviewItem.Action("refund", base + "/refund", byApi
                ? "Refund" + money + " through " + providerLabel(item.provider())
                : "Record a refund of" + money + " made outside " + providerLabel(item.provider())
                        + " (it has no refund API here)", !byApi);
    }

    /**
     * Orders of a provider with a refund capability, and wallet-paid orders (their money goes back to the wallet
     * through {@link OrderPayments#refund}, never by hand); charges never (no token-charge refund is attested).
     */
    private boolean hasRefundApi(String subjectType, String provider) {
        Optional<ProviderName> name = ProviderName.fromCode(provider);
        return subjectType.equals("order") && (name.flatMap(providers::refunds).isPresent()
                || name.filter(p -> p == ProviderName.WALLET).isPresent());
    }

    private static String providerLabel(String provider) {
        return switch (ProviderName.fromCode(provider).orElse(ProviderName.WALLET)) {
            case PAYPAL -> "PayPal";
            case WOMPI -> "Wompi";
            case PAYMENTSWAY -> "PaymentsWay";
            case WALLET -> "the wallet";
        };
    }

    // ---- The actions ----

    /**
     * Gives an order's money back: through its provider's refund API when it has one (exactly once: the order's
     * claim and the provider's idempotency key), otherwise by recording the refund a person made by hand with its
     * reference. Either way the order moves to REFUNDED and what it granted is revoked, once.
     */
    public Outcome refundOrder(UUID orderId, String actor, String reason, String manualReference) {
        return audited("order", orderId.toString(), "refund", actor, reason, manualReference, () -> {
            Order order = orderReview.order(orderId);
            if (order.status == OrderStatus.REFUNDED) {
                return result("refunded", "Order " + orderId + " was already refunded; nothing changed");
            }
            if (hasRefundApi("order", order.provider.code())) {
                Order after = orderPayments.refund(orderId, actor, reason);
                return after.status == OrderStatus.REFUNDED
                        ? result("refunded", "Order " + orderId + " refunded through " + providerLabel(order.provider.code()))
                        : result("refund_pending", providerLabel(order.provider.code())
                                + " took the refund and has not completed it yet; its notification settles the order");
            }
            requireReference(manualReference, order.provider.code());
            orderReview.refundedByHand(orderId, actor, reason, manualReference);
            return result("refunded", "Order " + orderId + " recorded as refunded by hand (reference "
                    + manualReference + ")");
        });
    }

    public Outcome acceptOrder(UUID orderId, String actor, String reason) {
        return audited("order", orderId.toString(), "accept", actor, reason, null, () -> {
            if (orderReview.order(orderId).status == OrderStatus.COMPLETED) {
                return result("accepted", "Order " + orderId + " was already completed; nothing changed");
            }
            orderReview.accept(orderId, actor, reason);
            return result("accepted", "Order " + orderId + " completed and granted");
        });
    }

    /** Grants nothing and changes nothing on the order; it stays on the desk with its refund offered. */
    public Outcome rejectOrder(UUID orderId, String actor, String reason) {
        return audited("order", orderId.toString(), "reject", actor, reason, null, () -> {
            orderReview.requireReview(orderId);
            return result("rejected", "Order " + orderId + " rejected: nothing is granted; refund the payment");
        });
    }

    /** A charge's money goes back by hand (no token-charge refund API is attested): recorded with its reference. */
    public Outcome refundCharge(UUID chargeId, String actor, String reason, String manualReference) {
        return audited("charge", chargeId.toString(), "refund", actor, reason, manualReference, () -> {
            Subscription subscription = subscriptionOf(chargeId);
            requireReference(manualReference, subscription.provider.code());
            if (charge(chargeId).status == ChargeStatus.REFUNDED) {
                return result("refunded", "Charge " + chargeId + " was already refunded; nothing changed");
            }
            SubscriptionCharges.Decision decision = charges.refunded(chargeId, "manual-refund:" + Truncate.toLength(
                    actor, 60), "refunded outside " + subscription.provider.code() + ", reference " + manualReference
                    + ": " + reason);
            if (decision.status() != ChargeStatus.REFUNDED) {
                throw new PagosException(ErrorCode.REVIEW_NOT_OPEN, "Charge " + chargeId + " is " + decision.status()
                        + " and paid its subscription's period (or never took money): not refundable here");
            }
            return result("refunded", "Charge " + chargeId + " recorded as refunded by hand (reference "
                    + manualReference + ")");
        });
    }

    public Outcome acceptCharge(UUID chargeId, String actor, String reason) {
        return audited("charge", chargeId.toString(), "accept", actor, reason, null, () -> {
            Subscription subscription = subscriptionOf(chargeId);
            Charge charge = charge(chargeId);
            if (charge.status == ChargeStatus.APPROVED) {
                return result("accepted", "Charge " + chargeId + " is already approved");
            }
            requireChargeReview(charge);
            TokenCharges.ChargeResult seen;
            try {
                seen = charge.providerPaymentId != null
                        ? charges.provider(subscription.provider).lookup(charge.providerPaymentId)
                        : charges.provider(subscription.provider).findByReference(charge.reference()).orElse(null);
            } catch (ProviderRejectedException e) {
                seen = null;
            }
            if (seen == null || seen.outcome() != TokenCharges.Outcome.APPROVED
                    || !charge.reference().equals(seen.reference()) || !charge.amount().equals(seen.amount())) {
                throw new PagosException(ErrorCode.PROVIDER_RECORD_DISAGREES, "The provider shows "
                        + (seen == null ? "no such payment" : describe(seen) + " for " + seen.reference())
                        + "; the charge is " + amount(charge.amount()).trim() + ": nothing granted");
            }
            SubscriptionCharges.Decision decision = charges.acceptReviewed(chargeId, "accept:" + Truncate.toLength(
                    actor, 60), "accepted on review: " + reason + "; provider " + describe(seen));
            if (decision.status() != ChargeStatus.APPROVED) {
                throw new PagosException(ErrorCode.REVIEW_NOT_OPEN, "Charge " + chargeId + " became "
                        + decision.status() + " meanwhile");
            }
            return result("accepted", "Charge " + chargeId + " approved; it pays its period");
        });
    }

    public Outcome rejectCharge(UUID chargeId, String actor, String reason) {
        return audited("charge", chargeId.toString(), "reject", actor, reason, null, () -> {
            requireChargeReview(charge(chargeId));
            return result("rejected", "Charge " + chargeId + " rejected: nothing is granted; refund the payment");
        });
    }

    /** Runs an abandoned event through the webhook pipeline again, once: a second click finds it no longer abandoned. */
    public Outcome replayEvent(long inboxId, String actor, String reason) {
        return audited("webhook_event", Long.toString(inboxId), "replay", actor, reason, null, () -> {
            WebhookPipeline.Replayed replayed = webhooks.replay(inboxId);
            if (replayed instanceof WebhookPipeline.Replayed.Done done) {
                return result("replayed", (done.abandonedAgain()
                        ? "Replayed, and it failed again (it stays on the desk): " : "Replayed: ") + done.outcome());
            }
            if (replayed instanceof WebhookPipeline.Replayed.NotAbandoned) {
                throw new PagosException(ErrorCode.REVIEW_NOT_OPEN, "Webhook event " + inboxId
                        + " is not abandoned (processed, replayed or still being applied)");
            }
            throw new PagosException(ErrorCode.NOT_FOUND, "No webhook event " + inboxId);
        });
    }

    private record Result(String outcome, String message) {
    }

    private static Result result(String outcome, String message) {
        return new Result(outcome, message);
    }

    /**
     * Runs an action and writes its audit row whatever it came to: its outcome, or the refusal it was answered with
     * (then the refusal is rethrown). The row is written after the action, in its own statement: the subject's own
     * trail, written in the action's transaction, already names the admin as the cause of any change.
     */
    private Outcome audited(String subjectType, String subjectId, String action, String actor, String reason,
            String manualReference, Supplier<Result> work) {
        String why = requireReason(reason);
        String reference = manualReference == null || manualReference.isBlank() ? null : manualReference.strip();
        if (reference != null && reference.length() > 255) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "manual_reference is at most 255 characters");
        }
        Result result;
        try {
            result = work.get();
        } catch (PagosException e) {
            record(subjectType, subjectId, action, actor, why, reference, "refused " + e.code() + ": " + e.getMessage());
            throw e;
        }
        record(subjectType, subjectId, action, actor, why, reference, result.outcome() + ": " + result.message());
        LOG.infof("Review desk: %s %s %s:%s: %s", actor, action, subjectType, subjectId, result.message());
        return new Outcome(result.outcome(), result.message(), current(subjectType, subjectId));
    }

    private void record(String subjectType, String subjectId, String action, String actor, String reason,
            String reference, String outcome) {
        AdminAction row = new AdminAction(subjectType, subjectId, action, actor, reason, reference, outcome,
                clock.instant());
        Transactions.autocommit(() -> ReviewStore.insert(row));
    }

    /** 1 to 500 characters after trimming: every action says why. */
    public static String requireReason(String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "reason is required: 1 to " + MAX_REASON
                    + " characters saying why");
        }
        return why;
    }

    private static void requireReference(String manualReference, String provider) {
        if (manualReference == null || manualReference.isBlank()) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "manual_reference is required: " + providerLabel(provider)
                    + " has no refund API here, so the refund is made by hand and recorded with its reference");
        }
    }

    private static void requireChargeReview(Charge charge) {
        if (charge.status != ChargeStatus.NEEDS_REVIEW) {
            throw new PagosException(ErrorCode.REVIEW_NOT_OPEN, "Charge " + charge.id + " is " + charge.status
                    + ", not held for review");
        }
    }

    private Charge charge(UUID chargeId) {
        Charge charge = charges.charge(chargeId);
        if (charge == null) {
            throw new PagosException(ErrorCode.NOT_FOUND, "No charge " + chargeId);
        }
        return charge;
    }

    private Subscription subscriptionOf(UUID chargeId) {
        return charges.subscriptionOf(charge(chargeId));
    }

    /** Where the last page ended: its last item's flag time and id, opaque to clients. */
    record Cursor(Instant flaggedAt, String itemId) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((flaggedAt.getEpochSecond() + "."
                    + flaggedAt.getNano() + "|" + itemId).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            if (cursor == null) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                String[] time = text.substring(0, bar).split("\\.");
                return new Cursor(Instant.ofEpochSecond(Long.parseLong(time[0]), Long.parseLong(time[1])),
                        text.substring(bar + 1));
            } catch (RuntimeException e) {
                throw new PagosException(ErrorCode.INVALID_REQUEST, "cursor is not one this API gave out");
            }
        }
    }
}
