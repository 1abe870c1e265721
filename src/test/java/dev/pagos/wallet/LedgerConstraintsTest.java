package dev.pagos.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.support.Database;
import dev.pagos.support.Wallets;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The database itself refuses what the ledger must never hold, whatever code (or person) writes to it. */
@QuarkusTest
class LedgerConstraintsTest {

    private final String owner = "ledger-" + UUID.randomUUID();

    @Test
    void entriesAndPostingsCannotBeChangedOrRemoved() {
        Wallets.credit(owner, "USD", 100);
        for (String sql : new String[] {
                "UPDATE journal_entries SET wallet_amount = 1000 WHERE user_id = '" + owner + "'",
                "DELETE FROM journal_entries WHERE user_id = '" + owner + "'",
                "UPDATE postings SET amount = 1000 WHERE entry_id IN (SELECT id FROM journal_entries WHERE user_id = '" + owner + "')",
                "DELETE FROM postings WHERE entry_id IN (SELECT id FROM journal_entries WHERE user_id = '" + owner + "')",
                "TRUNCATE postings, journal_entries",
                "UPDATE ledger_accounts SET balance = 1000 WHERE owner = '" + owner + "'",
                "DELETE FROM ledger_accounts WHERE owner = '" + owner + "'"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Database.execute(sql), sql);
            assertTrue(refused.getMessage().contains("insert-only") || refused.getMessage().contains("posting")
                    || refused.getMessage().contains("refused"), refused.getMessage());
        }
        assertEquals(100, Wallets.balance(owner, "USD"));
        Wallets.assertSound();
    }

    @Test
    void anEntryWhosePostingsDoNotSumToZeroIsRefusedAtCommit() throws SQLException {
        Wallets.credit(owner, "USD", 100);
        long wallet = Database.count("SELECT id FROM ledger_accounts WHERE kind = 'wallet' AND owner = ?", owner);
        long other = Database.count("SELECT id FROM ledger_accounts WHERE kind = 'adjustment' AND owner = '' AND currency = 'USD'");
        try (Connection connection = Database.open()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO journal_entries (id, idempotency_key, kind, user_id, currency, wallet_amount,"
                        + " created_at) VALUES (nextval('journal_entries_id_seq'), 'bad-" + owner + "', 'adjustment', '" + owner
                        + "', 'USD', 50, now())");
                statement.executeUpdate("INSERT INTO postings (entry_id, account_id, amount) VALUES"
                        + " (currval('journal_entries_id_seq'), " + wallet + ", 50), (currval('journal_entries_id_seq'), " + other + ", -49)");
                SQLException refused = assertThrows(SQLException.class, connection::commit);
                assertTrue(refused.getMessage().contains("unbalanced"), refused.getMessage());
            }
        }
        assertEquals(100, Wallets.balance(owner, "USD"));
        Wallets.assertSound();
    }

    @Test
    void aWalletCannotGoBelowZeroAndAnEntryKeyPostsOnce() {
        Wallets.credit(owner, "USD", 100);
        Wallet wallet = io.quarkus.arc.Arc.container().instance(Wallet.class).get();
        dev.pagos.error.PagosException refused = assertThrows(dev.pagos.error.PagosException.class, () -> wallet.postNow(
                Movement.adjustment("overdraw-" + owner, owner, "USD", -101, "test", "more than there is")));
        assertEquals(dev.pagos.error.ErrorCode.INSUFFICIENT_FUNDS, refused.code());
        Posted first = wallet.postNow(Movement.adjustment("once-" + owner, owner, "USD", -60, "test", "once"));
        Posted again = wallet.postNow(Movement.adjustment("once-" + owner, owner, "USD", -60, "test", "once"));
        assertTrue(first.created());
        assertEquals(false, again.created());
        assertEquals(first.entry().id(), again.entry().id());
        assertEquals(40, Wallets.balance(owner, "USD"));
        assertEquals(40, first.entry().balanceAfter());
        Wallets.assertSound();
    }
}
