package dev.pagos.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.persistence.Transactions;
import dev.pagos.pricing.BillingPeriod;
import dev.pagos.pricing.ExchangeRate;
import dev.pagos.pricing.ItemKind;
import dev.pagos.provider.ProviderName;
import dev.pagos.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What Hibernate did for billing's rows and the stores now do themselves: jsonb, enum, provider-code and numeric
 * columns read back as written; the version is checked and advanced on every write (a stale write fails and changes
 * nothing); the row lock is FOR NO KEY UPDATE; entitlements are granted and revoked.
 */
@QuarkusTest
class SubscriptionStoreTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private static Subscription written() {
        String workspace = "ws-store-" + UUID.randomUUID();
        Subscription s = new Subscription();
        s.id = UUID.randomUUID();
        s.workspaceId = workspace;
        s.ownerId = "owner-" + UUID.randomUUID();
        s.status = SubscriptionStatus.PENDING;
        s.provider = ProviderName.WOMPI;
        s.selection = selection();
        s.billingPeriod = BillingPeriod.values()[0];
        s.priceUsdMinor = 18_700;
        s.priceCopMinor = 74_800_000;
        s.exchangeRate = new BigDecimal("4000.1234");
        s.exchangeRateOrigin = ExchangeRate.Origin.values()[0];
        s.workspaceName = "Mi Empresa";
        s.email = "owner@example.com";
        s.phone = "+57 300 000 0000";
        s.providerData = new HashMap<>(Map.of(Subscription.PAYMENT_SOURCE, "12345", Subscription.CARD_LAST_FOUR, "4242"));
        s.nextActionAt = NOW.plusSeconds(120);
        s.createdAt = NOW;
        s.updatedAt = NOW;
        Transactions.inTransaction(() -> SubscriptionStore.insertWorkspaceIfAbsent(workspace, s.ownerId, NOW)
                .flatMap(ignored -> SubscriptionStore.insert(s)));
        return s;
    }

    /** As {@link Selections#of} builds it: nested lists and maps, integers, nulls. */
    private static Map<String, Object> selection() {
        Map<String, Object> addon = new LinkedHashMap<>();
        addon.put("id", 1);
        addon.put("reference", "bot");
        addon.put("quantity", 2);
        addon.put("botFlowId", "flow123");
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kind", ItemKind.PLAN.name());
        item.put("reference", "business");
        item.put("quantity", 1);
        item.put("botFlowId", null);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("plan", "business");
        map.put("freeAssistant", 1);
        map.put("paidAssistants", List.of(2, 3));
        map.put("addons", List.of(addon));
        map.put("items", List.of(item));
        return map;
    }

    private static Subscription read(UUID id) {
        return Transactions.autocommit(() -> SubscriptionStore.find(id));
    }

    @Test
    void aSubscriptionReadsBackAsItWasWritten() {
        Subscription s = written();
        Subscription back = read(s.id);
        assertEquals(s.selection, back.selection, "the selection compares equal to one built in Java (a withdrawn change)");
        assertNull(back.pendingChange);
        assertEquals(s.providerData, back.providerData);
        assertEquals("12345", back.paymentSourceId());
        assertEquals(0, s.exchangeRate.compareTo(back.exchangeRate));
        assertEquals(s.provider, back.provider);
        assertEquals(s.status, back.status);
        assertEquals(s.billingPeriod, back.billingPeriod);
        assertEquals(s.exchangeRateOrigin, back.exchangeRateOrigin);
        assertEquals(s.nextActionAt, back.nextActionAt);
        assertEquals(s.createdAt, back.createdAt);
        assertEquals(0, back.version);
        assertEquals(1, Database.count("SELECT count(*) FROM subscriptions WHERE id = ? AND provider = 'wompi'"
                + " AND status = 'PENDING' AND provider_data->>'paymentSourceId' = '12345'", s.id));
    }

    @Test
    void everyWriteChecksAndAdvancesTheVersionAndAStaleOneChangesNothing() {
        Subscription s = written();
        Subscription first = read(s.id);
        Subscription stale = read(s.id);

        first.email = "new@example.com";
        Transactions.inTransaction(() -> SubscriptionStore.update(first));
        assertEquals(1, first.version, "the object keeps step with the row");
        Transactions.inTransaction(() -> SubscriptionStore.update(first));
        assertEquals(2, first.version);

        stale.failureReason = "a lost update";
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Transactions.inTransaction(() -> SubscriptionStore.update(stale)));
        assertTrue(refused.getMessage().contains("changed concurrently"), refused.getMessage());
        assertEquals(1, Database.count("SELECT count(*) FROM subscriptions WHERE id = ? AND version = 2"
                + " AND email = 'new@example.com' AND failure_reason IS NULL", s.id));
    }

    @Test
    void theRowLockIsForNoKeyUpdate() throws Exception {
        Subscription s = written();
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        ExecutorService holder = Executors.newSingleThreadExecutor();
        Future<Subscription> held = holder.submit(() -> Transactions.inTransaction(() -> SubscriptionStore.lock(s.id)
                .invoke(ignored -> locked.countDown())
                .call(ignored -> Uni.createFrom().completionStage(release))));
        try {
            assertTrue(locked.await(5, TimeUnit.SECONDS));
            try (Connection c = Database.open(); var statement = c.createStatement()) {
                // A key share (what a foreign key check takes) still goes through; another writer's lock does not.
                statement.execute("SELECT id FROM subscriptions WHERE id = '" + s.id + "' FOR KEY SHARE NOWAIT");
                SQLException blocked = assertThrows(SQLException.class, () -> statement.execute(
                        "SELECT id FROM subscriptions WHERE id = '" + s.id + "' FOR NO KEY UPDATE NOWAIT"));
                assertEquals("55P03", blocked.getSQLState());
            }
        } finally {
            release.complete(null);
            holder.shutdown();
        }
        assertEquals(s.id, held.get(5, TimeUnit.SECONDS).id);
    }

    @Test
    void entitlementsAreGrantedTogetherAndRevokedOnce() {
        Subscription s = written();
        List<SubscriptionEntitlement> granted = new ArrayList<>();
        for (String reference : List.of("business", "bot")) {
            SubscriptionEntitlement e = new SubscriptionEntitlement();
            e.id = UUID.randomUUID();
            e.userId = s.ownerId;
            e.subscriptionId = s.id;
            e.workspaceId = s.workspaceId;
            e.kind = reference.equals("bot") ? ItemKind.ADDON : ItemKind.PLAN;
            e.itemReference = reference;
            e.quantity = reference.equals("bot") ? 2 : 1;
            e.botFlowId = reference.equals("bot") ? "flow123" : null;
            e.months = 1;
            e.grantedAt = NOW;
            granted.add(e);
        }
        Transactions.inTransaction(() -> SubscriptionStore.insertEntitlements(granted));
        assertEquals(1, Database.count("SELECT count(*) FROM entitlements WHERE subscription_id = ? AND kind = 'ADDON'"
                + " AND item_reference = 'bot' AND quantity = 2 AND bot_flow_id = 'flow123' AND months = 1"
                + " AND order_id IS NULL AND revoked_at IS NULL", s.id));
        assertEquals(1, Database.count("SELECT count(*) FROM entitlements WHERE subscription_id = ? AND kind = 'PLAN'"
                + " AND bot_flow_id IS NULL AND user_id = ? AND workspace_id = ?", s.id, s.ownerId, s.workspaceId));

        Transactions.inTransaction(() -> SubscriptionStore.revokeEntitlements(s.id, NOW, "ended"));
        Transactions.inTransaction(() -> SubscriptionStore.revokeEntitlements(s.id, NOW.plusSeconds(5), "again"));
        assertEquals(2, Database.count("SELECT count(*) FROM entitlements WHERE subscription_id = ?"
                + " AND revoked_at IS NOT NULL AND revoke_reason = 'ended'", s.id));
    }

    @Test
    void aPagePastTheEndStillCountsEverySubscription() {
        written();
        SubscriptionStore.Page page = Transactions.autocommit(() -> SubscriptionStore.page(1_000_000_000L, 10));
        assertTrue(page.rows().isEmpty());
        assertEquals(Database.count("SELECT count(*) FROM subscriptions"), page.total());
        SubscriptionStore.Page first = Transactions.autocommit(() -> SubscriptionStore.page(0, 2));
        assertEquals(Math.min(2, first.total()), first.rows().size());
    }
}
