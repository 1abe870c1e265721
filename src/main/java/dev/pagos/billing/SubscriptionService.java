package dev.pagos.billing;

import dev.pagos.catalog.PurchaseCatalog;
import dev.pagos.catalog.PurchaseSelection;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.persistence.Transactions;
import dev.pagos.pricing.Pricing;
import dev.pagos.pricing.Quote;
import dev.pagos.provider.CardDetails;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.ProviderUnavailableException;
import dev.pagos.provider.TokenCharges;
import dev.pagos.security.Authenticator.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What a workspace's owner (or an admin) does with its subscription: subscribe, read, change, change the card,
 * cancel; and the admin's list. The billing rules:
 * <ul>
 *   <li><b>Changes</b> (plan, assistants, add-ons) take effect when the next period starts and are charged then, at
 *       the new price: no proration, no refund. Until then the subscription shows them as {@code pending_change}.
 *       A contact email change takes effect at once.</li>
 *   <li><b>Cancel</b> stops further charges; access lasts to the end of the paid period, then the subscription is
 *       CANCELED. Subscribing again before that date undoes the cancellation (same subscription, same card). A
 *       PAST_DUE subscription has no paid time left: canceling it ends it at once.</li>
 *   <li><b>Card change</b> makes a new payment source and keeps the subscription; a PAST_DUE one is charged to the new
 *       card within the request.</li>
 * </ul>
 */
@ApplicationScoped
public class SubscriptionService {

    private static final Logger LOG = Logger.getLogger(SubscriptionService.class);
    static final int MAX_LIMIT = 100;

    private final PurchaseCatalog catalog;
    private final ExchangeRates exchangeRates;
    private final SubscriptionTransitions transitions;
    private final SubscriptionCharges charges;
    private final SubscriptionNotifier notifier;
    private final Renewals renewals;
    private final Clock clock;
    private final Duration firstChargeCheck;
    private final Duration subscribeHold;

    SubscriptionService(PurchaseCatalog catalog, ExchangeRates exchangeRates, SubscriptionTransitions transitions,
            SubscriptionCharges charges, SubscriptionNotifier notifier, Renewals renewals, Clock clock,
            @ConfigProperty(name = "pagos.billing.pending-check") Duration firstChargeCheck,
            @ConfigProperty(name = "pagos.billing.subscribe-hold") Duration subscribeHold) {
        this.catalog = catalog;
        this.exchangeRates = exchangeRates;
        this.transitions = transitions;
        this.charges = charges;
        this.notifier = notifier;
        this.renewals = renewals;
        this.clock = clock;
        this.firstChargeCheck = firstChargeCheck;
        this.subscribeHold = subscribeHold;
    }

    /** How the subscriber pays: a card token made in the browser (preferred), or raw card data we tokenize at once. */
    public record PaymentMethod(String cardToken, CardDetails card) {

        public PaymentMethod {
            if ((cardToken == null) == (card == null)) {
                throw new PagosException(ErrorCode.INVALID_REQUEST, "Give either card_token or card_details");
            }
        }

        /** Checked before anything is written or sent: an expired card is refused here, not by the provider. */
        void requireUnexpired(Clock clock) {
            if (card != null && card.expiredBefore(java.time.YearMonth.from(clock.instant().atOffset(java.time.ZoneOffset.UTC)))) {
                throw new PagosException(ErrorCode.CARD_EXPIRED, "The card expired at the end of "
                        + card.expMonth() + "/" + card.expYear() + "; use another card");
            }
        }

        @Override
        public String toString() {
            return cardToken != null ? "PaymentMethod[token]" : "PaymentMethod[" + card + "]";
        }
    }

    /** @param choice how the periods are paid; null is the card */
    public record Subscribe(String workspaceId, String workspaceName, String email, String phone,
            PurchaseSelection selection, PaymentMethod payment, PaymentChoice choice) {

        PaymentChoice paysWith() {
            return choice == null ? PaymentChoice.CARD : choice;
        }
    }

    /** Fields left null keep their current value. */
    public record Change(String plan, String freeAssistant, List<String> paidAssistants,
            List<PurchaseSelection.AddonChoice> addons, boolean addonsGiven, String email) {
    }

    public record Page(List<Subscription> subscriptions, int page, int limit, long total) {
    }

    /**
     * Subscribes in three steps, no transaction open across the provider's calls: hold the workspace (refused if
     * it is someone else's, has a live subscription, or another subscribe holds it), make the payment source,
     * then write the subscription and its first charge and end the hold. The hold is what keeps a second,
     * simultaneous subscribe from tokenizing a card at all; the database's one-live-subscription index still
     * guards the write.
     */
    public Subscription subscribe(Caller caller, Subscribe request) {
        if (request.payment() != null) {
            request.payment().requireUnexpired(clock);
        }
        PurchaseCatalog.Purchase purchase = catalog.resolve(request.selection());
        Quote quote = Pricing.quote(purchase.items(), purchase.period(), exchangeRates.copPerUsd());
        String workspaceId = request.workspaceId();
        Instant now = clock.instant();
        Subscription reactivated = Transactions.inTransaction(() -> holdWorkspace(caller, workspaceId, now));
        if (reactivated != null) {
            return reactivated;
        }
        if (request.payment() == null && request.paysWith().usesCard()) {
            // Only undoing a cancellation (the subscription and its card are kept), or paying from the wallet alone,
            // needs no card.
            endHold(workspaceId);
            throw new PagosException(ErrorCode.INVALID_REQUEST,
                    "A card is required: card_token (made in the browser) or card_details");
        }
        Charge first;
        Subscription subscription;
        try {
            TokenCharges wompi = charges.provider(ProviderName.WOMPI);
            String paymentSource = request.payment() == null ? null
                    : paymentSource(wompi, request.payment(), request.email());
            subscription = newSubscription(caller, request, purchase, quote, wompi.provider(), paymentSource);
            first = Transactions.inTransaction(() -> claimWorkspace(caller, workspaceId, now)
                    .flatMap(ignored -> transitions.create(subscription, caller.admin() ? "admin" : "owner"))
                    .flatMap(saved -> charges.newCharge(saved, null, "subscribe"))
                    .call(ignored -> SubscriptionStore.endSubscribeHold(workspaceId)));
        } catch (RuntimeException e) {
            endHold(workspaceId);
            if (Transactions.isUniqueViolation(e)) {
                throw exists(workspaceId);
            }
            throw e;
        }
        String outcome = charges.send(first.id, "subscribe");
        LOG.infof("Subscription %s of workspace %s: %s", subscription.id, subscription.workspaceId, outcome);
        return Transactions.autocommit(() -> SubscriptionStore.find(subscription.id));
    }

    private Subscription newSubscription(Caller caller, Subscribe request, PurchaseCatalog.Purchase purchase, Quote quote,
            ProviderName provider, String paymentSource) {
        Instant now = clock.instant();
        Subscription subscription = new Subscription();
        subscription.id = UUID.randomUUID();
        subscription.workspaceId = request.workspaceId();
        subscription.ownerId = caller.userId();
        subscription.provider = provider;
        subscription.selection = Selections.of(purchase);
        subscription.billingPeriod = purchase.period();
        subscription.priceUsdMinor = quote.totalUsd().minorUnits();
        subscription.priceCopMinor = quote.totalCop().minorUnits();
        subscription.exchangeRate = quote.rate().copPerUsd();
        subscription.exchangeRateOrigin = quote.rate().origin();
        subscription.workspaceName = request.workspaceName();
        subscription.email = request.email();
        subscription.phone = request.phone();
        subscription.providerData = providerData(paymentSource, request.payment());
        subscription.paymentChoice = request.paysWith();
        subscription.nextActionAt = now.plus(firstChargeCheck);
        subscription.createdAt = now;
        subscription.updatedAt = now;
        return subscription;
    }

    /**
     * Holds the workspace for one subscribe, under its row lock. Refuses a workspace owned by someone else (as not
     * found), one with a live subscription (409) and one another subscribe holds (409); a live one whose owner
     * canceled it is reactivated instead, and returned.
     */
    private Uni<Subscription> holdWorkspace(Caller caller, String workspaceId, Instant now) {
        return SubscriptionStore.insertWorkspaceIfAbsent(workspaceId, caller.userId(), now)
                .flatMap(ignored -> SubscriptionStore.lockWorkspace(workspaceId))
                .flatMap(workspace -> {
                    if (!workspace.ownerId.equals(caller.userId()) && !caller.admin()) {
                        return Uni.createFrom().failure(notFound(workspaceId));
                    }
                    // Read after the workspace's lock is taken: a subscribe that held it and has just committed its
                    // subscription is seen here.
                    return SubscriptionStore.lockInStatus(workspaceId, SubscriptionStatus.LIVE).flatMap(live -> {
                        if (live != null) {
                            return reactivate(live, workspaceId);
                        }
                        if (workspace.subscribingUntil != null && workspace.subscribingUntil.isAfter(now)) {
                            return Uni.createFrom().failure(new PagosException(ErrorCode.SUBSCRIPTION_IN_PROGRESS,
                                    "Workspace " + workspaceId + " is being subscribed by another request; its"
                                            + " subscription will show at GET /subscriptions/" + workspaceId));
                        }
                        return SubscriptionStore.holdForSubscribe(workspaceId, now.plus(subscribeHold))
                                .replaceWith(Uni.createFrom().<Subscription>nullItem());
                    });
                });
    }

    private Uni<Subscription> reactivate(Subscription live, String workspaceId) {
        if (live.cancelAtPeriodEnd && live.status.grantsAccess()) {
            live.cancelAtPeriodEnd = false;
            live.canceledAt = null;
            live.nextActionAt = live.status == SubscriptionStatus.ACTIVE ? live.currentPeriodEnd : live.nextActionAt;
            return transitions.note(live, "owner", "resubscribed before the period ended: cancellation undone")
                    .replaceWith(live);
        }
        return Uni.createFrom().failure(exists(workspaceId));
    }

    private static void endHold(String workspaceId) {
        try {
            Transactions.autocommit(() -> SubscriptionStore.endSubscribeHold(workspaceId));
        } catch (RuntimeException e) {
            // The hold runs out by itself (pagos.billing.subscribe-hold).
            LOG.warnf("Could not end the subscribe hold of workspace %s: %s", workspaceId, e.getMessage());
        }
    }

    private static Uni<Void> claimWorkspace(Caller caller, String workspaceId, Instant now) {
        // Two statements: a SELECT in the INSERT's own statement would not see a row that a concurrent subscribe
        // committed while the INSERT waited on it.
        return SubscriptionStore.insertWorkspaceIfAbsent(workspaceId, caller.userId(), now)
                .flatMap(ignored -> SubscriptionStore.workspace(workspaceId))
                .flatMap(workspace -> workspace.ownerId.equals(caller.userId()) || caller.admin()
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(notFound(workspaceId)));
    }

    /** Card data is used for this one call and dropped; no message below can carry it. */
    private String paymentSource(TokenCharges provider, PaymentMethod payment, String email) {
        try {
            String token = payment.cardToken() != null ? payment.cardToken() : provider.tokenize(payment.card());
            return provider.createPaymentSource(token, email, provider.acceptance());
        } catch (ProviderRejectedException e) {
            throw new PagosException(ErrorCode.CARD_REJECTED, "The payment provider refused the card ("
                    + e.providerCode() + "); nothing was charged");
        } catch (ProviderUnavailableException e) {
            throw new PagosException(ErrorCode.PROVIDER_UNAVAILABLE,
                    "The payment provider is not answering; nothing was charged and the request can be sent again");
        }
    }

    private static Map<String, String> providerData(String paymentSource, PaymentMethod payment) {
        Map<String, String> data = new HashMap<>();
        if (payment == null) {
            return data;
        }
        data.put(Subscription.PAYMENT_SOURCE, paymentSource);
        if (payment.card() != null && !payment.card().lastFour().isEmpty()) {
            data.put(Subscription.CARD_LAST_FOUR, payment.card().lastFour());
        }
        return data;
    }

    /** The workspace's live subscription, or its latest, for its owner or an admin; anyone else: not found. */
    public Subscription ofWorkspace(Caller caller, String workspaceId) {
        return Transactions.autocommit(() -> latest(caller, workspaceId));
    }

    private static Uni<Subscription> latest(Caller caller, String workspaceId) {
        return SubscriptionStore.latestOfWorkspace(workspaceId)
                .flatMap(found -> found == null || (!found.ownerId.equals(caller.userId()) && !caller.admin())
                        ? Uni.createFrom().failure(notFound(workspaceId))
                        : Uni.createFrom().item(found));
    }

    /** Plan, assistants and add-ons change at the next period start (priced now in USD); the email at once. */
    public Subscription change(Caller caller, String workspaceId, Change change) {
        Subscription current = live(caller, workspaceId);
        Map<String, Object> base = current.pendingChange != null ? current.pendingChange : current.selection;
        boolean selectionGiven = change.plan() != null || change.freeAssistant() != null || change.paidAssistants() != null
                || change.addonsGiven();
        Map<String, Object> pending = null;
        if (selectionGiven) {
            PurchaseSelection was = Selections.toRequest(base, current.billingPeriod.code());
            PurchaseSelection wanted = new PurchaseSelection(
                    change.plan() != null ? change.plan() : was.plan(),
                    change.freeAssistant() != null ? change.freeAssistant() : was.freeAssistant(),
                    change.paidAssistants() != null ? change.paidAssistants() : was.paidAssistants(),
                    change.addonsGiven() ? change.addons() : was.addons(),
                    current.billingPeriod.code());
            PurchaseCatalog.Purchase purchase = catalog.resolve(wanted);
            Quote quote = Pricing.quote(purchase.items(), purchase.period(), exchangeRates.copPerUsd());
            pending = new LinkedHashMap<>(Selections.of(purchase));
            pending.put("priceUsdMinor", quote.totalUsd().minorUnits());
        }
        Map<String, Object> newPending = pending;
        return Transactions.inTransaction(() -> SubscriptionTransitions.lock(current.id).flatMap(locked -> {
            StringBuilder what = new StringBuilder();
            if (newPending != null) {
                Map<String, Object> comparable = new LinkedHashMap<>(newPending);
                comparable.remove("priceUsdMinor");
                boolean backToCurrent = comparable.equals(locked.selection);
                locked.pendingChange = backToCurrent ? null : newPending;
                what.append(backToCurrent ? "pending change withdrawn" : "change from the next period: " + comparable.get("items")
                        + " at " + newPending.get("priceUsdMinor") + " USD cents");
            }
            if (change.email() != null && !change.email().equals(locked.email)) {
                locked.email = change.email();
                what.append(what.isEmpty() ? "" : "; ").append("contact email changed");
            }
            return what.isEmpty() ? Uni.createFrom().item(locked)
                    : transitions.note(locked, caller.admin() ? "admin" : "owner", what.toString()).replaceWith(locked);
        }));
    }

    /**
     * A new card (a new payment source for the same subscription), a new way to pay ({@code choice}: card, wallet, or
     * wallet first and then the card), or both; either may be null, not both. A PAST_DUE subscription's unpaid period
     * is charged the new way within the request (claimed as the billing run claims it, so the two never charge it
     * both), unless its payment is held for review.
     */
    public Subscription changePayment(Caller caller, String workspaceId, PaymentMethod payment, PaymentChoice choice) {
        if (payment == null && choice == null) {
            throw new PagosException(ErrorCode.INVALID_REQUEST,
                    "Give a card (card_token or card_details), a payment_method, or both");
        }
        if (payment != null) {
            payment.requireUnexpired(clock);
        }
        Subscription current = live(caller, workspaceId);
        PaymentChoice wanted = choice != null ? choice : current.paymentChoice;
        if (payment == null && wanted.usesCard() && current.paymentSourceId() == null) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "payment_method " + wanted.code()
                    + " charges a card, and this subscription has none: give card_token or card_details too");
        }
        String source = payment == null ? null : paymentSource(charges.provider(current.provider), payment, current.email);
        boolean chargeNow = Transactions.inTransaction(() -> SubscriptionTransitions.lock(current.id)
                .flatMap(locked -> ChargeStore.unsettled(locked.id, locked.periodsPaid).flatMap(unsettled -> {
                    StringBuilder what = new StringBuilder();
                    if (source != null) {
                        locked.providerData = providerData(source, payment);
                        what.append("card replaced");
                    }
                    if (locked.paymentChoice != wanted) {
                        what.append(what.isEmpty() ? "" : "; ").append("pays with ").append(wanted.code())
                                .append(" instead of ").append(locked.paymentChoice.code());
                        locked.paymentChoice = wanted;
                    }
                    boolean retry = locked.status == SubscriptionStatus.PAST_DUE
                            && (unsettled == null || unsettled.status != ChargeStatus.NEEDS_REVIEW);
                    if (retry) {
                        locked.nextActionAt = clock.instant();
                    }
                    return transitions.note(locked, caller.admin() ? "admin" : "owner", "payment method changed: "
                            + (what.isEmpty() ? "unchanged" : what)).replaceWith(retry);
                })));
        if (chargeNow) {
            LOG.infof("Subscription %s, new payment method: %s", current.id, renewals.runNow(current.id));
        }
        return Transactions.autocommit(() -> SubscriptionStore.find(current.id));
    }

    /** No further charges; access to the end of the paid period (a PAST_DUE subscription has none left: it ends now). */
    public void cancel(Caller caller, String workspaceId) {
        Subscription current = live(caller, workspaceId);
        String cause = caller.admin() ? "admin" : "owner";
        SubscriptionTransitions.Change change = Transactions.inTransaction(() -> SubscriptionTransitions.lock(current.id)
                .flatMap(locked -> {
                    if (locked.status == SubscriptionStatus.PAST_DUE) {
                        return transitions.move(locked, SubscriptionStatus.CANCELED, cause,
                                "canceled while past due: no paid time left");
                    }
                    if (locked.cancelAtPeriodEnd) {
                        return Uni.createFrom().item(SubscriptionTransitions.Change.none(locked));
                    }
                    locked.cancelAtPeriodEnd = true;
                    locked.canceledAt = clock.instant();
                    return transitions.note(locked, cause, "cancel at the end of the paid period, " + locked.currentPeriodEnd)
                            .replaceWith(SubscriptionTransitions.Change.none(locked));
                }));
        notifier.statusChanged(change);
    }

    /** Admins only: every subscription, oldest first, by page (1-based); the limit is capped at {@value #MAX_LIMIT}. */
    public Page list(Caller caller, int page, int limit) {
        if (!caller.admin()) {
            throw new PagosException(ErrorCode.FORBIDDEN, "Listing subscriptions is for admins");
        }
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        int number = Math.max(1, page);
        return Transactions.autocommit(() -> SubscriptionStore.page((long) (number - 1) * size, size)
                .map(found -> new Page(found.rows(), number, size, found.total())));
    }

    private Subscription live(Caller caller, String workspaceId) {
        Subscription current = ofWorkspace(caller, workspaceId);
        if (current.status == SubscriptionStatus.PENDING) {
            throw new PagosException(ErrorCode.SUBSCRIPTION_NOT_CHANGEABLE,
                    "The first payment of this subscription is still being processed; try again in a moment");
        }
        if (!current.status.grantsAccess()) {
            throw new PagosException(ErrorCode.SUBSCRIPTION_NOT_CHANGEABLE, "The subscription of workspace "
                    + workspaceId + " is " + current.status + "; subscribe again instead");
        }
        return current;
    }

    private static PagosException notFound(String workspaceId) {
        return new PagosException(ErrorCode.SUBSCRIPTION_NOT_FOUND, "No subscription for workspace " + workspaceId);
    }

    private static PagosException exists(String workspaceId) {
        return new PagosException(ErrorCode.SUBSCRIPTION_EXISTS, "Workspace " + workspaceId
                + " already has a live subscription");
    }
}
