package dev.pagos.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.persistence.Transactions;
import dev.pagos.support.Database;
import io.smallrye.mutiny.Uni;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random operations (top-ups, purchases, renewals, refunds, admin credits and debits, top-up refunds
 * taken out before the provider is asked and put back when it refuses, repeats of a posted cause, failures injected
 * after a posting but before its commit) from concurrent clients sharing a few
 * wallets, against a reference model: an operation the ledger accepted changes the model by its amount, one it
 * refused (402) or that rolled back changes nothing. Afterwards every balance equals the model's, every wallet has
 * the model's number of entries, and the ledger's invariants hold.
 */
@QuarkusTest
class WalletModelTest {

    private static final int CLIENTS = 8;
    private static final int OPERATIONS_PER_CLIENT = 300;
    private static final List<String> CURRENCIES = List.of("USD", "COP");

    @Inject
    Wallet wallet;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> users = List.of("model-" + run + "-a", "model-" + run + "-b", "model-" + run + "-c");
    private final Map<String, AtomicLong> model = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> entries = new ConcurrentHashMap<>();
    /** Purchases the ledger accepted, which a refund may give back (once). */
    private final List<Movement> paid = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Top-ups the ledger credited, which a refund may take back out (and a provider's refusal put back). */
    private final List<TopUp> toppedUp = java.util.Collections.synchronizedList(new ArrayList<>());

    private AtomicLong balanceOf(String user, String currency) {
        return model.computeIfAbsent(user + "/" + currency, k -> new AtomicLong());
    }

    private AtomicLong entriesOf(String user) {
        return entries.computeIfAbsent(user, k -> new AtomicLong());
    }

    @Test
    void randomOperationsFromConcurrentClientsKeepTheLedgerEqualToTheModel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                long seed = 7919L * (c + 1) + run.hashCode();
                clients.add(pool.submit(() -> client(new Random(seed))));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (String user : users) {
            for (String currency : CURRENCIES) {
                assertEquals(balanceOf(user, currency).get(), wallet.balance(user, currency), user + " " + currency);
            }
            assertEquals(entriesOf(user).get(), Database.count("SELECT count(*) FROM journal_entries WHERE user_id = ?", user),
                    "entries of " + user);
        }
        assertEquals(List.of(), wallet.violations());
    }

    private Void client(Random random) {
        for (int i = 0; i < OPERATIONS_PER_CLIENT; i++) {
            String user = users.get(random.nextInt(users.size()));
            String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
            long amount = 1 + random.nextInt(5_000);
            int dice = random.nextInt(100);
            Movement movement;
            if (dice < 25) {
                movement = Movement.topup(user, currency, amount, UUID.randomUUID(), "paypal");
            } else if (dice < 45) {
                movement = Movement.purchase(user, currency, amount, UUID.randomUUID());
            } else if (dice < 55) {
                // A renewal's key is its subscription's period: a second run of the same period posts nothing.
                movement = Movement.renewal(user, currency, amount, UUID.randomUUID(), random.nextInt(12),
                        UUID.randomUUID());
            } else if (dice < 62 && !paid.isEmpty()) {
                Movement purchase = paid.get(random.nextInt(paid.size()));
                movement = Movement.refund(purchase.userId(), purchase.currency(), -purchase.amount(),
                        purchase.orderId(), "model-test", "random refund");
            } else if (dice < 70 && !toppedUp.isEmpty()) {
                refundTopUp(toppedUp.get(random.nextInt(toppedUp.size())), random);
                continue;
            } else if (dice < 85) {
                movement = Movement.adjustment(UUID.randomUUID().toString(), user, currency,
                        random.nextBoolean() ? amount : -amount, "model-test", "random adjustment");
            } else {
                movement = Movement.purchase(user, currency, amount, UUID.randomUUID());
                // A failure between the posting and the commit: nothing of it may remain.
                boolean[] posted = new boolean[1];
                try {
                    Transactions.inTransaction(() -> wallet.post(movement).invoke(p -> posted[0] = true)
                            .flatMap(p -> Uni.createFrom().failure(new IllegalStateException("injected failure"))));
                } catch (PagosException e) {
                    assertEquals(ErrorCode.INSUFFICIENT_FUNDS, e.code());
                } catch (IllegalStateException e) {
                    assertTrue(posted[0]);
                }
            }
            apply(movement);
            if (random.nextInt(10) == 0) {
                // The same cause again (a retried confirmation, a duplicated webhook, a renewal run twice).
                apply(movement);
            }
        }
        return null;
    }

    private void apply(Movement movement) {
        // The lock on the model's key is the ledger's own order for that wallet: the model moves only by what committed.
        try {
            Posted posted = wallet.postNow(movement);
            if (posted.created()) {
                balanceOf(movement.userId(), movement.currency()).addAndGet(movement.amount());
                entriesOf(movement.userId()).incrementAndGet();
                if (movement.kind() == EntryKind.PURCHASE) {
                    paid.add(movement);
                }
                if (movement.kind() == EntryKind.TOPUP) {
                    toppedUp.add(new TopUp(movement.userId(), movement.currency(), movement.amount(),
                            movement.orderId(), movement.counterOwner()));
                }
                assertTrue(posted.entry().balanceAfter() >= 0);
            } else {
                assertEquals(movement.amount(), posted.entry().amount());
            }
        } catch (PagosException e) {
            assertEquals(ErrorCode.INSUFFICIENT_FUNDS, e.code());
            assertFalse(movement.amount() > 0, "a credit is never refused");
        }
    }

    /**
     * A top-up refund as OrderPayments makes it: the money is taken out (or the outstanding take is found), then the
     * provider answers at random: it refunded (the take stands), it refused (the take is put back), or its answer
     * was lost (the take stands until a retry); or the process dies between the take and its commit.
     */
    private void refundTopUp(TopUp topUp, Random random) {
        int outcome = random.nextInt(4);
        try {
            if (outcome == 3) {
                try {
                    Transactions.inTransaction(() -> wallet.takeTopUpRefund(topUp, "model-test", "dies before commit")
                            .flatMap(p -> Uni.createFrom().failure(new IllegalStateException("injected failure"))));
                } catch (IllegalStateException e) {
                    // rolled back: nothing changed
                }
                return;
            }
            Posted taken = Transactions.inTransaction(() -> wallet.takeTopUpRefund(topUp, "model-test", "random refund"));
            record(taken);
            assertEquals(-topUp.amountMinor(), taken.entry().amount());
            if (outcome == 1) {
                Posted putBack = Transactions.inTransaction(() -> wallet.reverseTopUpRefund(topUp, "provider refused"));
                if (putBack != null) {
                    record(putBack);
                    assertEquals(topUp.amountMinor(), putBack.entry().amount());
                }
            }
        } catch (PagosException e) {
            // Partly spent: refused whole.
            assertEquals(ErrorCode.INSUFFICIENT_FUNDS, e.code());
        }
    }

    private void record(Posted posted) {
        if (posted.created()) {
            balanceOf(posted.entry().userId(), posted.entry().currency()).addAndGet(posted.entry().amount());
            entriesOf(posted.entry().userId()).incrementAndGet();
            assertTrue(posted.entry().balanceAfter() >= 0);
        }
    }
}
