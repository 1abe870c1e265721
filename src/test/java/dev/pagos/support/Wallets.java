package dev.pagos.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.wallet.Movement;
import dev.pagos.wallet.Wallet;
import io.quarkus.arc.Arc;
import java.util.List;
import java.util.UUID;

/** Funding wallets for tests (as an admin adjustment would) and checking the ledger's invariants. */
public final class Wallets {

    private Wallets() {
    }

    private static Wallet wallet() {
        return Arc.container().instance(Wallet.class).get();
    }

    public static void credit(String user, String currency, long amountMinor) {
        wallet().postNow(Movement.adjustment(UUID.randomUUID().toString(), user, currency, amountMinor, "test",
                "funding a test wallet"));
    }

    public static long balance(String user, String currency) {
        return wallet().balance(user, currency);
    }

    /** The ledger's invariants hold: every entry sums to zero, every stored balance is its postings' sum, none negative. */
    public static void assertSound() {
        assertEquals(List.of(), wallet().violations());
    }

    public static long entries(String user) {
        return Database.count("SELECT count(*) FROM journal_entries WHERE user_id = ?", user);
    }

    /** A product of the test's own (a buyer owns a product once): priced in minor units of the currency. */
    public static String product(long priceMinor, String currency) {
        String id = "test-" + UUID.randomUUID();
        Database.execute("INSERT INTO products (id, name, price_minor, currency) VALUES (?, ?, ?, ?)", id,
                "Test product " + id.substring(5, 13), priceMinor, currency);
        return id;
    }
}
