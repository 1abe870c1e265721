package dev.pagos.wallet;

import dev.pagos.persistence.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.List;

/** The ledger's SQL. Balances move only through postings (a trigger); entries and postings are insert-only. */
final class WalletStore {

    private static final String ENTRY_COLUMNS = "e.id, e.kind, e.user_id, e.currency, e.wallet_amount, e.order_id,"
            + " e.charge_id, e.actor, e.reason, e.created_at, p.balance_after";
    private static final String SELECT_ENTRY = "SELECT " + ENTRY_COLUMNS + " FROM journal_entries e"
            + " JOIN postings p ON p.entry_id = e.id JOIN ledger_accounts a ON a.id = p.account_id AND a.kind = 'wallet'";

    private WalletStore() {
    }

    /** The account's id, creating it with a zero balance if it does not exist yet (without locking it). */
    static Uni<Long> account(AccountKind kind, String owner, String currency) {
        return Sql.execute("INSERT INTO ledger_accounts (kind, owner, currency) VALUES ($1, $2, $3)"
                + " ON CONFLICT (kind, owner, currency) DO NOTHING", kind, owner, currency)
                // A second statement sees an account another transaction created (and committed) meanwhile.
                .flatMap(ignored -> Sql.first("SELECT id FROM ledger_accounts WHERE kind = $1 AND owner = $2 AND currency = $3",
                        row -> row.getLong("id"), kind, owner, currency));
    }

    /** Inserts the entry unless its key was used; null when it was. */
    static Uni<Long> insertEntry(Movement movement, Instant now) {
        return Sql.first("INSERT INTO journal_entries (idempotency_key, kind, user_id, currency, wallet_amount, order_id,"
                + " charge_id, actor, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING id", row -> row.getLong("id"),
                movement.idempotencyKey(), movement.kind(), movement.userId(), movement.currency(), movement.amount(),
                movement.orderId(), movement.chargeId(), movement.actor(), movement.reason(), now);
    }

    /** Both postings of a two-sided entry in one statement; the trigger moves the wallet's balance. */
    static Uni<Void> insertPostings(long entryId, long walletAccount, long counterAccount, long walletAmount) {
        return Sql.execute("INSERT INTO postings (entry_id, account_id, amount) VALUES ($1, $2, $3), ($1, $4, $5)",
                entryId, walletAccount, walletAmount, counterAccount, -walletAmount).replaceWithVoid();
    }

    static Uni<Entry> entry(long entryId) {
        return Sql.first(SELECT_ENTRY + " WHERE e.id = $1", WalletStore::entry, entryId);
    }

    static Uni<Entry> entryByKey(String idempotencyKey) {
        return Sql.first(SELECT_ENTRY + " WHERE e.idempotency_key = $1", WalletStore::entry, idempotencyKey);
    }

    /**
     * How many refunds of a top-up took its money out of the wallet, and how many of those were reversed (the
     * provider refused them). More taken than reversed: a refund is outstanding. Read under the order's row lock.
     */
    static Uni<int[]> topUpRefunds(java.util.UUID orderId) {
        return Sql.first("SELECT count(*) FILTER (WHERE kind = 'topup_refund') AS taken,"
                + " count(*) FILTER (WHERE kind = 'refund_reversal') AS reversed FROM journal_entries WHERE order_id = $1",
                row -> new int[] {row.getInteger("taken"), row.getInteger("reversed")}, orderId);
    }

    static Uni<List<Balance>> balances(String userId) {
        return Sql.list("SELECT currency, balance FROM ledger_accounts WHERE kind = 'wallet' AND owner = $1 ORDER BY currency",
                row -> new Balance(row.getString("currency"), row.getLong("balance")), userId);
    }

    static Uni<Long> balance(String userId, String currency) {
        return Sql.first("SELECT balance FROM ledger_accounts WHERE kind = 'wallet' AND owner = $1 AND currency = $2",
                row -> row.getLong("balance"), userId, currency).map(b -> b == null ? 0L : b);
    }

    /** Newest first, after the entry id {@code before} (exclusive) when given. */
    static Uni<List<Entry>> statement(String userId, Long before, int rows) {
        return before == null
                ? Sql.list(SELECT_ENTRY + " WHERE e.user_id = $1 ORDER BY e.id DESC LIMIT $2", WalletStore::entry, userId, rows)
                : Sql.list(SELECT_ENTRY + " WHERE e.user_id = $1 AND e.id < $2 ORDER BY e.id DESC LIMIT $3", WalletStore::entry,
                        userId, before, rows);
    }

    /**
     * Every broken invariant, described; empty when the ledger is sound: each entry's postings sum to zero (two or
     * more), each wallet's stored balance is the sum of its postings and not negative, no wallet posting left its
     * wallet below zero, and all postings together sum to zero.
     */
    static Uni<List<String>> violations() {
        return Sql.list("""
                SELECT 'entry ' || e.id || ' sums to ' || coalesce(sum(p.amount), 0) || ' over ' || count(p.id) || ' postings'
                  FROM journal_entries e LEFT JOIN postings p ON p.entry_id = e.id
                 GROUP BY e.id HAVING coalesce(sum(p.amount), 0) <> 0 OR count(p.id) < 2
                UNION ALL
                SELECT 'wallet ' || a.id || ' holds ' || a.balance || ' but its postings sum to ' || coalesce(s.total, 0)
                  FROM ledger_accounts a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM postings GROUP BY account_id) s
                    ON s.account_id = a.id
                 WHERE a.kind = 'wallet' AND (a.balance <> coalesce(s.total, 0) OR a.balance < 0)
                UNION ALL
                SELECT 'posting ' || p.id || ' left wallet ' || p.account_id || ' at ' || p.balance_after
                  FROM postings p JOIN ledger_accounts a ON a.id = p.account_id AND a.kind = 'wallet'
                 WHERE p.balance_after IS NULL OR p.balance_after < 0
                UNION ALL
                SELECT 'all postings sum to ' || sum(amount) FROM postings HAVING sum(amount) <> 0
                """, row -> row.getString(0));
    }

    private static Entry entry(Row row) {
        return new Entry(row.getLong("id"), EntryKind.stored(row.getString("kind")), row.getString("user_id"),
                row.getString("currency"), row.getLong("wallet_amount"), row.getLong("balance_after"),
                row.getUUID("order_id"), row.getUUID("charge_id"), row.getString("actor"), row.getString("reason"), Sql.instant(row, "created_at"));
    }
}
