package dev.pagos.wallet;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.persistence.Transactions;
import dev.pagos.push.PushService;
import dev.pagos.security.Authenticator.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A buyer's prepaid balance per currency, kept as a double-entry ledger (see the README's "Wallet"). Every
 * movement is one journal entry with two postings that sum to zero: the wallet's and a system account's. The
 * database holds the invariants: a wallet's running balance moves only by a posting and cannot go below zero
 * (a CHECK, under the row lock of the posting's UPDATE), an entry's postings must sum to zero at commit (a
 * deferred constraint trigger), entries and postings are insert-only, and an entry's idempotency key is unique,
 * so a cause posted twice is posted once.
 */
@ApplicationScoped
public class Wallet {

    static final String NO_OVERDRAFT = "wallet_balance_not_negative";

    private final Clock clock;
    private final PushService push;

    Wallet(Clock clock, PushService push) {
        this.clock = clock;
        this.push = push;
    }

    /**
     * Posts a movement inside the caller's transaction ({@link Transactions#inTransaction}). A debit the balance
     * cannot cover fails with INSUFFICIENT_FUNDS, and the caller's transaction rolls back with it.
     *
     * @return the entry, and whether it was written now (false: the same cause was posted before, nothing changed)
     */
    public Uni<Posted> post(Movement movement) {
        return WalletStore.insertEntry(movement, clock.instant()).flatMap(entryId -> {
            if (entryId == null) {
                return WalletStore.entryByKey(movement.idempotencyKey()).map(entry -> new Posted(entry, false));
            }
            return WalletStore.account(AccountKind.WALLET, movement.userId(), movement.currency())
                    .flatMap(wallet -> WalletStore.account(movement.counterKind(), movement.counterOwner(),
                            movement.currency()).flatMap(counter -> WalletStore.insertPostings(entryId, wallet, counter,
                                    movement.amount())))
                    .onFailure(Wallet::isOverdraft).transform(e -> insufficient(movement))
                    .flatMap(ignored -> WalletStore.entry(entryId))
                    .map(entry -> new Posted(entry, true));
        });
    }

    /**
     * Takes a top-up's money out of the wallet for a refund, before its provider is asked, inside the caller's
     * transaction (which must hold the top-up order's row lock). The debit waits on the wallet's balance row like any
     * purchase, so a refund and a purchase cannot both spend the same money: a balance that no longer covers the
     * top-up (it was partly spent) fails with INSUFFICIENT_FUNDS and nothing is written. A refund already taken and
     * not reversed (an earlier attempt whose outcome is unknown) is returned as it is, not taken twice.
     */
    public Uni<Posted> takeTopUpRefund(TopUp topUp, String actor, String reason) {
        return WalletStore.topUpRefunds(topUp.orderId()).flatMap(counts -> {
            int taken = counts[0];
            if (taken > counts[1]) {
                return WalletStore.entryByKey(refundTaken(topUp, taken, actor, reason).idempotencyKey())
                        .map(entry -> new Posted(entry, false));
            }
            return post(refundTaken(topUp, taken + 1, actor, reason));
        });
    }

    /**
     * The provider refused the top-up's refund: the money taken out for it goes back (a reversal entry), inside the
     * caller's transaction under the order's row lock.
     *
     * @return the reversal, or null when no refund of this top-up is outstanding
     */
    public Uni<Posted> reverseTopUpRefund(TopUp topUp, String reason) {
        return WalletStore.topUpRefunds(topUp.orderId()).flatMap(counts -> counts[0] > counts[1]
                ? post(Movement.refundReversal(topUp.userId(), topUp.currency(), topUp.amountMinor(), topUp.orderId(),
                        topUp.provider(), counts[0], reason))
                : Uni.createFrom().nullItem());
    }

    /** The entry of the top-up's outstanding refund (taken, not reversed), or null. */
    public Entry outstandingTopUpRefund(TopUp topUp) {
        return Transactions.autocommit(() -> WalletStore.topUpRefunds(topUp.orderId()).flatMap(counts -> counts[0] > counts[1]
                ? WalletStore.entryByKey(refundTaken(topUp, counts[0], null, null).idempotencyKey())
                : Uni.createFrom().nullItem()));
    }

    private static Movement refundTaken(TopUp topUp, int attempt, String actor, String reason) {
        return Movement.topupRefund(topUp.userId(), topUp.currency(), topUp.amountMinor(), topUp.orderId(),
                topUp.provider(), attempt, actor, reason);
    }

    /** Posts a movement in a transaction of its own and tells the owner after it commits. */
    public Posted postNow(Movement movement) {
        Posted posted = Transactions.inTransaction(() -> post(movement));
        notifyOwner(posted);
        return posted;
    }

    /** The largest adjustment an admin can make at once, in minor units (as the largest top-up). */
    static final long MAX_ADJUSTMENT_MINOR = 100_000_000_000L;

    /**
     * An admin credits (positive) or debits (negative) a buyer's wallet, with a reason; who did it and when are on the
     * entry (the audit). {@code requestKey} is the admin's Idempotency-Key: the same key from the same admin for the
     * same wallet posts once. A debit the balance does not cover is INSUFFICIENT_FUNDS with nothing written.
     */
    public Posted adjust(Caller caller, String userId, String currency, long amountMinor, String reason,
            String requestKey) {
        if (!caller.admin()) {
            throw new PagosException(ErrorCode.FORBIDDEN, "Adjusting wallets is for admins");
        }
        if (requestKey == null || requestKey.isBlank()) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "An adjustment needs an Idempotency-Key header");
        }
        if (userId == null || userId.isBlank() || userId.length() > 255) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "The wallet's owner is a user id of 1 to 255 characters");
        }
        if (currency == null || !currency.matches("COP|USD")) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "currency is COP or USD");
        }
        if (amountMinor == 0 || Math.abs(amountMinor) > MAX_ADJUSTMENT_MINOR) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "amount_minor is a credit (positive) or a debit"
                    + " (negative) of at most " + MAX_ADJUSTMENT_MINOR + " minor units, not zero");
        }
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "An adjustment needs a reason (at most 1000 characters)");
        }
        return postNow(Movement.adjustment(caller.userId() + ":" + userId + ":" + requestKey, userId, currency,
                amountMinor, caller.userId(), reason.strip()));
    }

    /** Tells the wallet's owner (wallet_credited / wallet_debited) about an entry written now; call after commit. */
    public void notifyOwner(Posted posted) {
        if (posted == null || !posted.created()) {
            return;
        }
        Entry entry = posted.entry();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("entryId", entry.id());
        data.put("kind", entry.kind().code());
        data.put("amount", Math.abs(entry.amount()));
        data.put("currency", entry.currency());
        data.put("balance", entry.balanceAfter());
        data.put("orderId", entry.orderId() == null ? null : entry.orderId().toString());
        data.put("chargeId", entry.chargeId() == null ? null : entry.chargeId().toString());
        push.sendToUser(entry.userId(), entry.amount() > 0 ? "wallet_credited" : "wallet_debited", data);
    }

    /** Tells the owner about the entry posted for this cause (a top-up's key); call once, after its commit. */
    public void notifyOwnerOf(String idempotencyKey) {
        Entry entry = Transactions.autocommit(() -> WalletStore.entryByKey(idempotencyKey));
        if (entry != null) {
            notifyOwner(new Posted(entry, true));
        }
    }

    public List<Balance> balances(String userId) {
        return Transactions.autocommit(() -> WalletStore.balances(userId));
    }

    public long balance(String userId, String currency) {
        return Transactions.autocommit(() -> WalletStore.balance(userId, currency));
    }

    /** One page of the statement, newest first; {@code before} is the last entry id of the previous page. */
    public List<Entry> statement(String userId, Long before, int rows) {
        return Transactions.autocommit(() -> WalletStore.statement(userId, before, rows));
    }

    /** Every broken ledger invariant, described; empty when the ledger is sound (tests and the benchmark run it). */
    public List<String> violations() {
        return Transactions.autocommit(WalletStore::violations);
    }

    static boolean isOverdraft(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof PgException pg && "23514".equals(pg.getSqlState())
                    && (NO_OVERDRAFT.equals(pg.getConstraint())
                            || pg.getMessage() != null && pg.getMessage().contains(NO_OVERDRAFT))) {
                return true;
            }
        }
        return false;
    }

    private static PagosException insufficient(Movement movement) {
        return new PagosException(ErrorCode.INSUFFICIENT_FUNDS, "Your " + movement.currency()
                + " wallet does not cover " + (-movement.amount()) + " (minor units); nothing was charged");
    }
}
