package dev.pagos.billing;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.persistence.Transactions;
import dev.pagos.pricing.ExchangeRate;
import dev.pagos.pricing.Pricing;
import dev.pagos.provider.PaymentEvent;
import dev.pagos.provider.ProviderName;
import dev.pagos.provider.ProviderRejectedException;
import dev.pagos.provider.ProviderUnavailableException;
import dev.pagos.provider.TokenCharges;
import dev.pagos.provider.TokenCharges.ChargeResult;
import dev.pagos.text.Truncate;
import dev.pagos.wallet.Movement;
import dev.pagos.wallet.Posted;
import dev.pagos.wallet.Wallet;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Charges subscriptions and settles the charges. Three kinds of failure are handled apart:
 * <ul>
 *   <li>a <b>decline</b> (the provider said no) fails a first charge and puts a renewal on the dunning schedule;</li>
 *   <li>a <b>technical failure</b> (no answer: unreachable, timeout, 5xx) leaves the charge UNKNOWN and is looked at
 *       again soon; it is not a decline;</li>
 *   <li>an <b>unknown outcome</b> is always asked about at the provider (by its id, or by our reference when even the
 *       id never came back) before the same charge is sent again, and a new charge is never made while one is open.</li>
 * </ul>
 * No transaction or row lock is held across a provider call: a charge is written first, sent with no transaction
 * open, and its result applied under the subscription's lock.
 */
@ApplicationScoped
public class SubscriptionCharges {

    private static final Logger LOG = Logger.getLogger(SubscriptionCharges.class);

    private final SubscriptionTransitions transitions;
    private final SubscriptionNotifier notifier;
    private final Wallet wallet;
    private final ExchangeRates exchangeRates;
    private final Map<ProviderName, TokenCharges> providers;
    private final Clock clock;
    private final DunningSchedule dunning;
    private final Duration technicalRetry;
    private final Duration pendingCheck;
    private final Duration reviewGrace;

    SubscriptionCharges(SubscriptionTransitions transitions, SubscriptionNotifier notifier, Wallet wallet,
            ExchangeRates exchangeRates, Instance<TokenCharges> providers, Clock clock,
            @ConfigProperty(name = "pagos.billing.dunning") List<Duration> dunning,
            @ConfigProperty(name = "pagos.billing.technical-retry") Duration technicalRetry,
            @ConfigProperty(name = "pagos.billing.pending-check") Duration pendingCheck,
            @ConfigProperty(name = "pagos.billing.review-grace") Duration reviewGrace) {
        this.transitions = transitions;
        this.notifier = notifier;
        this.wallet = wallet;
        this.exchangeRates = exchangeRates;
        this.providers = providers.stream().collect(Collectors.toMap(TokenCharges::provider, Function.identity()));
        this.clock = clock;
        this.dunning = new DunningSchedule(dunning);
        this.technicalRetry = technicalRetry;
        this.pendingCheck = pendingCheck;
        this.reviewGrace = reviewGrace;
    }

    public TokenCharges provider(ProviderName name) {
        TokenCharges found = providers.get(name);
        if (found == null) {
            throw new IllegalStateException("No token charges for " + name);
        }
        return found;
    }

    /** The token charges of a provider, when subscriptions can be charged through it. */
    public Optional<TokenCharges> tokenCharges(ProviderName name) {
        return Optional.ofNullable(providers.get(name));
    }

    public DunningSchedule dunning() {
        return dunning;
    }

    /** Today's rate, read before any transaction opens (the rate source is a blocking HTTP call). */
    ExchangeRate currentRate() {
        return exchangeRates.copPerUsd();
    }

    /**
     * A new attempt at the subscription's next unpaid period, written before it is sent: the first at the price just
     * quoted, a renewal at {@code rate} (null for the first).
     */
    Uni<Charge> newCharge(Subscription subscription, ExchangeRate renewalRate, String cause) {
        int periodIndex = subscription.periodsPaid;
        long usd = subscription.pendingChange != null && periodIndex > 0
                ? ((Number) subscription.pendingChange.get("priceUsdMinor")).longValue()
                : subscription.priceUsdMinor;
        ExchangeRate rate = periodIndex == 0 ? null : renewalRate;
        return ChargeStore.attempts(subscription.id, periodIndex).flatMap(attempts -> {
            Charge charge = new Charge();
            charge.id = UUID.randomUUID();
            charge.subscriptionId = subscription.id;
            charge.periodIndex = periodIndex;
            charge.attempt = (int) (attempts + 1);
            charge.amountUsdMinor = usd;
            if (rate == null) {
                // The first charge is the price the subscriber was quoted a moment ago.
                charge.amountMinor = subscription.priceCopMinor;
                charge.exchangeRate = subscription.exchangeRate;
            } else {
                charge.amountMinor = Pricing.toCop(usd, rate).minorUnits();
                charge.exchangeRate = rate.copPerUsd();
            }
            charge.currency = Pricing.COP;
            charge.idempotencyKey = Charge.idempotencyKeyOf(subscription.id, periodIndex, charge.attempt);
            return transitions.createCharge(charge, cause);
        });
    }

    /** Sends a written charge (or sends it again: same reference, same charge at the provider) and settles the answer. */
    public String send(UUID chargeId, String cause) {
        record Sendable(Charge charge, Subscription subscription) {
        }
        // Two reads on one connection, each committed on its own (they were two transactions).
        Sendable read = Transactions.autocommit(() -> ChargeStore.find(chargeId).flatMap(found -> SubscriptionStore
                .find(found.subscriptionId).map(subscription -> new Sendable(found, subscription))));
        Charge charge = read.charge();
        Subscription subscription = read.subscription();
        if (charge.status != ChargeStatus.CREATED && charge.status != ChargeStatus.UNKNOWN) {
            return "charge " + chargeId + " is " + charge.status + "; not sent";
        }
        // The wallet is tried only for a charge never sent to the card: one sent may have been paid there.
        if (subscription.paymentChoice != PaymentChoice.CARD && charge.status == ChargeStatus.CREATED
                && charge.providerPaymentId == null) {
            Optional<String> paid = payFromWallet(chargeId, cause);
            if (paid.isPresent()) {
                return paid.get();
            }
            if (subscription.paymentChoice == PaymentChoice.WALLET || subscription.paymentSourceId() == null) {
                // No card to fall back to: for billing this is a decline (a first charge fails, a renewal is dunned).
                return settle(chargeId, new ChargeResult(null, TokenCharges.Outcome.DECLINED, charge.reference(),
                        charge.amount(), WALLET_SHORT), cause);
            }
        }
        ChargeResult result;
        try {
            result = provider(subscription.provider).charge(new TokenCharges.ChargeRequest(charge.reference(),
                    charge.amount(), subscription.paymentSourceId(), subscription.email));
        } catch (ProviderUnavailableException e) {
            return unanswered(chargeId, cause, e.getMessage());
        } catch (ProviderRejectedException e) {
            // Refused outright (an unusable payment source, say): no money moved, which for billing is a decline.
            result = new ChargeResult(null, TokenCharges.Outcome.DECLINED, charge.reference(), charge.amount(),
                    "REJECTED " + e.providerCode());
        }
        return settle(chargeId, result, cause);
    }

    /** The provider status a wallet-paid charge records, and the one a period the wallet could not cover records. */
    static final String WALLET_PAID = "WALLET";
    static final String WALLET_SHORT = "WALLET_INSUFFICIENT_FUNDS";

    /**
     * Pays the charge from the subscription owner's COP wallet: in one transaction, under the subscription's and the
     * charge's locks, the wallet is debited (one entry per period: a renewal run twice posts once) and the charge is
     * APPROVED with its period advanced, exactly as a card's approval would. Empty when the wallet does not cover it:
     * then nothing was written.
     */
    private Optional<String> payFromWallet(UUID chargeId, String cause) {
        record Paid(SubscriptionTransitions.Change change, Posted posted) {
        }
        Paid paid;
        try {
            paid = Transactions.inTransaction(() -> lockChargeAndSubscription(chargeId, (subscription, charge) -> {
                if (charge.status != ChargeStatus.CREATED) {
                    // Settled meanwhile (another run paid it): nothing to post.
                    return Uni.createFrom().item(new Paid(SubscriptionTransitions.Change.none(subscription), null));
                }
                return wallet.post(Movement.renewal(subscription.ownerId, charge.currency, charge.amountMinor,
                        subscription.id, charge.periodIndex, charge.id)).flatMap(posted -> apply(subscription, charge,
                                new ChargeResult(WALLET_PAID + ":" + posted.entry().id(), TokenCharges.Outcome.APPROVED,
                                        charge.reference(), charge.amount(), WALLET_PAID), cause)
                                .map(change -> new Paid(change, posted)));
            }));
        } catch (PagosException e) {
            if (e.code() != ErrorCode.INSUFFICIENT_FUNDS) {
                throw e;
            }
            LOG.infof("Charge %s: the owner's wallet does not cover %s", chargeId, e.getMessage());
            return Optional.empty();
        }
        if (paid.posted() == null) {
            return Optional.of("charge " + chargeId + " was settled meanwhile; not sent");
        }
        wallet.notifyOwner(paid.posted());
        notifier.statusChanged(paid.change());
        return Optional.of("charge " + chargeId + ": paid from the wallet, subscription " + paid.change().subscription().status);
    }

    /** The charge may or may not be at the provider: it is looked for before anything else is sent. */
    private String unanswered(UUID chargeId, String cause, String why) {
        Transactions.inTransaction(() -> lockChargeAndSubscription(chargeId, (subscription, charge) ->
                transitions.moveCharge(charge, ChargeStatus.UNKNOWN, cause, "no answer from the provider: " + why)
                        .invoke(ignored -> {
                            subscription.nextActionAt = clock.instant().plus(technicalRetry);
                            subscription.updatedAt = clock.instant();
                        })
                        .call(ignored -> SubscriptionTransitions.save(subscription))
                        .replaceWith(SubscriptionTransitions.Change.none(subscription))));
        LOG.warnf("Charge %s got no answer (%s); it is looked up again after %s", chargeId, why, technicalRetry);
        return "charge " + chargeId + ": no answer, checked again later";
    }

    /**
     * An open charge's outcome, asked at the provider: by its id when we have it, else by our reference; a charge the
     * provider never got is sent again with the same reference.
     */
    public String resolve(Charge charge, ProviderName provider, String cause) {
        try {
            Optional<ChargeResult> known = charge.providerPaymentId != null
                    ? Optional.of(provider(provider).lookup(charge.providerPaymentId))
                    : provider(provider).findByReference(charge.reference());
            if (known.isPresent()) {
                return settle(charge.id, known.get(), cause);
            }
        } catch (ProviderUnavailableException e) {
            return unanswered(charge.id, cause, e.getMessage());
        }
        return send(charge.id, cause + " (resent: the provider never got it)");
    }

    /** A verified webhook about one of our charges: a reason to ask the provider, never the answer itself. */
    public String apply(PaymentEvent event, PaymentEvent.ChargePayment subject) {
        if (event.kind() == PaymentEvent.Kind.NOT_RELEVANT) {
            return "ignored " + event.eventType();
        }
        Charge charge = subject.chargeReference().map(id -> Transactions.autocommit(() -> ChargeStore.find(id)))
                .orElse(null);
        if (charge == null) {
            LOG.warnf("%s event %s names no charge of ours", event.provider(), event.eventId());
            return "no matching charge";
        }
        if (charge.status.isFinal()) {
            return "charge " + charge.id + " already " + charge.status;
        }
        if (charge.providerPaymentId != null && !charge.providerPaymentId.equals(subject.providerPaymentId())) {
            // Our charge is another transaction at the provider; this one is not its payment.
            LOG.warnf("%s event %s names charge %s but transaction %s; the charge is %s", event.provider(), event.eventId(),
                    charge.id, subject.providerPaymentId(), charge.providerPaymentId);
            return "charge " + charge.id + " is another transaction; nothing changed";
        }
        ChargeResult confirmed = provider(event.provider()).lookup(subject.providerPaymentId());
        if (!charge.reference().equals(confirmed.reference())) {
            // The reference in an event is not signed: a transaction of another reference says nothing about this
            // charge, which goes on being resolved by its own reference.
            LOG.warnf("%s event %s names charge %s, but the provider's transaction %s is %s's", event.provider(),
                    event.eventId(), charge.id, subject.providerPaymentId(), confirmed.reference());
            return "provider transaction " + subject.providerPaymentId() + " is " + confirmed.reference() + ", not "
                    + charge.reference() + "; nothing changed";
        }
        return settle(charge.id, confirmed, "webhook:" + event.provider().code() + ":" + event.eventId());
    }

    /** Applies what the provider says about a charge to the charge and its subscription, under their locks. */
    public String settle(UUID chargeId, ChargeResult result, String cause) {
        SubscriptionTransitions.Change change = Transactions.inTransaction(() -> lockChargeAndSubscription(chargeId,
                (subscription, charge) -> apply(subscription, charge, result, cause)));
        notifier.statusChanged(change);
        return "charge " + chargeId + ": " + result.outcome() + " (" + result.providerStatus() + "), subscription "
                + change.subscription().status;
    }

    /** The charge as stored, or null. */
    public Charge charge(UUID chargeId) {
        return Transactions.autocommit(() -> ChargeStore.find(chargeId));
    }

    /** The subscription a charge belongs to. */
    public Subscription subscriptionOf(Charge charge) {
        return Transactions.autocommit(() -> SubscriptionStore.find(charge.subscriptionId));
    }

    /** What a person's decision on a charge did: whether the charge moved, and its status afterwards. */
    public record Decision(boolean moved, ChargeStatus status) {
    }

    /**
     * A person accepted a charge held for review whose provider record the caller checked: it moves to APPROVED and
     * pays its period as an approval would have (a subscription that ended meanwhile keeps it as money to give back,
     * flagged on its trail). Only a NEEDS_REVIEW charge moves; anything else is answered as it stands.
     */
    public Decision acceptReviewed(UUID chargeId, String cause, String detail) {
        record Done(Decision decision, SubscriptionTransitions.Change change) {
        }
        Done done = Transactions.inTransaction(() -> lockChargeAndSubscription(chargeId, (subscription, charge) -> {
            if (charge.status != ChargeStatus.NEEDS_REVIEW) {
                return Uni.createFrom().item(new Done(new Decision(false, charge.status),
                        SubscriptionTransitions.Change.none(subscription)));
            }
            return transitions.decideCharge(charge, ChargeStatus.APPROVED, cause, detail)
                    .flatMap(moved -> paid(subscription, charge, cause))
                    .map(change -> new Done(new Decision(true, charge.status), change));
        }));
        notifier.statusChanged(done.change());
        return done.decision();
    }

    /**
     * A person gave a charge's money back (through the provider or by hand, recorded in {@code detail}): a charge
     * held for review, or an approved one that paid nothing (its subscription had ended or the period was paid).
     * An approved charge that paid the subscription's period is refused: it granted access a refund would have to end.
     */
    public Decision refunded(UUID chargeId, String cause, String detail) {
        return Transactions.inTransaction(() -> lockChargeAndSubscription(chargeId, (subscription, charge) -> {
            boolean paidNothing = charge.status == ChargeStatus.NEEDS_REVIEW
                    || (charge.status == ChargeStatus.APPROVED && charge.periodIndex >= subscription.periodsPaid);
            Uni<Boolean> moved = paidNothing ? transitions.decideCharge(charge, ChargeStatus.REFUNDED, cause, detail)
                    : Uni.createFrom().item(false);
            return moved.map(m -> new Decision(m, charge.status));
        }));
    }

    private static <T> Uni<T> lockChargeAndSubscription(UUID chargeId,
            java.util.function.BiFunction<Subscription, Charge, Uni<T>> work) {
        // Always the subscription first, then the charge: every path takes the locks in this order. The charge is read
        // once, under its lock, after the subscription's.
        return SubscriptionStore.lockOfCharge(chargeId)
                .onItem().ifNull().failWith(() -> new IllegalStateException("No charge " + chargeId))
                .flatMap(subscription -> SubscriptionTransitions.lockCharge(chargeId)
                        .flatMap(charge -> work.apply(subscription, charge)));
    }

    private Uni<SubscriptionTransitions.Change> apply(Subscription subscription, Charge charge, ChargeResult result,
            String cause) {
        SubscriptionTransitions.Change unchanged = SubscriptionTransitions.Change.none(subscription);
        if (charge.status.isFinal()) {
            return Uni.createFrom().item(unchanged);
        }
        String paymentIdBefore = charge.providerPaymentId;
        String providerStatusBefore = charge.providerStatus;
        if (charge.providerPaymentId == null && result.providerPaymentId() != null) {
            charge.providerPaymentId = result.providerPaymentId();
        }
        charge.providerStatus = result.providerStatus();
        // A charge that moves is written by the move; one that stays is still written when the provider's answer is new.
        boolean answerChanged = !Objects.equals(paymentIdBefore, charge.providerPaymentId)
                || !Objects.equals(providerStatusBefore, charge.providerStatus);
        java.util.function.BiFunction<ChargeStatus, String, Uni<Boolean>> moveCharge = (to, why) -> transitions
                .moveCharge(charge, to, cause, why)
                .call(moved -> !moved && answerChanged ? ChargeStore.update(charge) : Uni.createFrom().voidItem());
        String detail = "provider status " + result.providerStatus();
        if (!Objects.equals(result.reference(), charge.reference()) || !charge.amount().equals(result.amount())) {
            String why = "provider confirmed " + result.amount() + " for reference " + result.reference() + "; ours is "
                    + charge.amount() + " for " + charge.reference();
            return moveCharge.apply(ChargeStatus.NEEDS_REVIEW, why)
                    .flatMap(moved -> heldForReview(subscription, charge, cause, why));
        }
        return switch (result.outcome()) {
            case PENDING -> moveCharge.apply(ChargeStatus.PENDING, detail)
                    .invoke(moved -> subscription.nextActionAt = clock.instant().plus(pendingCheck))
                    .call(ignored -> SubscriptionTransitions.save(subscription)).replaceWith(unchanged);
            case APPROVED -> moveCharge.apply(ChargeStatus.APPROVED, detail)
                    .flatMap(moved -> paid(subscription, charge, cause));
            case DECLINED -> moveCharge.apply(ChargeStatus.DECLINED, detail)
                    .flatMap(moved -> declined(subscription, charge, cause, detail));
        };
    }

    /** An approved charge pays its period: the first activates the subscription, a renewal advances it. */
    private Uni<SubscriptionTransitions.Change> paid(Subscription subscription, Charge charge, String cause) {
        Instant now = clock.instant();
        if (subscription.status.isFinal() || charge.periodIndex != subscription.periodsPaid) {
            // Paid after the subscription ended or for a period already paid: money to give back, by a person.
            LOG.errorf("Charge %s approved for subscription %s (status %s, periods paid %d): refund it", charge.id,
                    subscription.id, subscription.status, subscription.periodsPaid);
            return transitions.note(subscription, cause, "charge " + charge.id + " approved but not needed: refund it")
                    .replaceWith(SubscriptionTransitions.Change.none(subscription));
        }
        if (subscription.status == SubscriptionStatus.PENDING) {
            subscription.anchorAt = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        Uni<Void> selection = Uni.createFrom().voidItem();
        // A change asked for while this charge was already out applies from the period after: the charge paid the
        // price it was made with.
        if (charge.periodIndex > 0 && subscription.pendingChange != null
                && ((Number) subscription.pendingChange.get("priceUsdMinor")).longValue() == charge.amountUsdMinor) {
            Map<String, Object> change = subscription.pendingChange;
            subscription.selection = change;
            subscription.priceUsdMinor = ((Number) change.get("priceUsdMinor")).longValue();
            subscription.pendingChange = null;
            selection = transitions.regrant(subscription, cause);
        }
        subscription.periodsPaid = charge.periodIndex + 1;
        subscription.currentPeriodStart = BillingPeriods.start(subscription.anchorAt, subscription.billingPeriod, charge.periodIndex);
        subscription.currentPeriodEnd = BillingPeriods.end(subscription.anchorAt, subscription.billingPeriod, charge.periodIndex);
        subscription.priceCopMinor = charge.amountMinor;
        subscription.exchangeRate = charge.exchangeRate;
        subscription.declinedAttempts = 0;
        subscription.failureReason = null;
        subscription.nextActionAt = subscription.currentPeriodEnd;
        subscription.updatedAt = now;
        String detail = "period " + charge.periodIndex + " paid until " + subscription.currentPeriodEnd;
        return selection.flatMap(ignored -> subscription.status == SubscriptionStatus.ACTIVE
                ? transitions.note(subscription, cause, detail).replaceWith(SubscriptionTransitions.Change.renewal(subscription))
                : transitions.move(subscription, SubscriptionStatus.ACTIVE, cause, detail));
    }

    /**
     * A charge held for review grants nothing and is never charged again by itself, but it does not stall the
     * subscription either: its period is unpaid (a renewal goes PAST_DUE at once, access kept as in dunning), and when
     * the review grace runs out unresolved the billing run ends the subscription ({@link #reviewGraceEnded}).
     */
    private Uni<SubscriptionTransitions.Change> heldForReview(Subscription subscription, Charge charge, String cause,
            String why) {
        if (subscription.status.isFinal() || charge.periodIndex != subscription.periodsPaid) {
            return Uni.createFrom().item(SubscriptionTransitions.Change.none(subscription));
        }
        Instant now = clock.instant();
        Instant from = subscription.currentPeriodEnd != null && subscription.currentPeriodEnd.isAfter(now)
                ? subscription.currentPeriodEnd : now;
        subscription.nextActionAt = from.plus(reviewGrace);
        subscription.failureReason = Truncate.toLength("payment held for review: " + why, 1000);
        String detail = "charge " + charge.id + " held for review; unless resolved by " + subscription.nextActionAt
                + " the subscription ends";
        return subscription.status == SubscriptionStatus.ACTIVE
                ? transitions.move(subscription, SubscriptionStatus.PAST_DUE, cause, detail)
                : transitions.note(subscription, cause, detail).replaceWith(SubscriptionTransitions.Change.none(subscription));
    }

    /** The review grace of a charge held for review ran out: nothing was paid for the period, so the subscription ends. */
    Uni<SubscriptionTransitions.Change> reviewGraceEnded(Subscription subscription, Charge held) {
        String detail = "payment " + held.id + " held for review was not resolved by " + subscription.nextActionAt;
        return transitions.move(subscription, subscription.status == SubscriptionStatus.PENDING
                ? SubscriptionStatus.FAILED : SubscriptionStatus.CANCELED, "review", detail);
    }

    /** A declined first charge fails the subscription; a declined renewal follows the dunning schedule. */
    private Uni<SubscriptionTransitions.Change> declined(Subscription subscription, Charge charge, String cause,
            String detail) {
        if (subscription.status == SubscriptionStatus.PENDING) {
            return transitions.move(subscription, SubscriptionStatus.FAILED, cause, "first charge declined: " + detail);
        }
        if (!subscription.status.grantsAccess() || charge.periodIndex != subscription.periodsPaid) {
            return Uni.createFrom().item(SubscriptionTransitions.Change.none(subscription));
        }
        subscription.declinedAttempts++;
        subscription.failureReason = "renewal declined: " + detail;
        Optional<Instant> retry = dunning.retryAt(subscription.currentPeriodEnd, subscription.declinedAttempts);
        if (retry.isEmpty()) {
            return transitions.move(subscription, SubscriptionStatus.CANCELED, "dunning",
                    "canceled for non-payment after " + subscription.declinedAttempts + " declined attempts");
        }
        subscription.nextActionAt = retry.get();
        String next = "declined attempt " + subscription.declinedAttempts + "; next attempt at " + retry.get();
        return subscription.status == SubscriptionStatus.PAST_DUE
                ? transitions.note(subscription, cause, next).replaceWith(SubscriptionTransitions.Change.none(subscription))
                : transitions.move(subscription, SubscriptionStatus.PAST_DUE, cause, next);
    }
}
