package dev.pagos.billing;

import dev.pagos.persistence.Sql;
import dev.pagos.pricing.BillingPeriod;
import dev.pagos.pricing.ExchangeRate;
import dev.pagos.provider.ProviderName;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The subscription side of billing's tables (subscriptions, subscription_transitions, workspaces, and the
 * entitlements a subscription grants): its SQL and how its rows read. Every write of a subscription goes through
 * {@link #update}, which checks and advances its version.
 */
final class SubscriptionStore {

    private static final String COLUMNS = "id, workspace_id, owner_id, status, provider, selection, billing_period,"
            + " price_usd_minor, price_cop_minor, exchange_rate, exchange_rate_origin, pending_change, workspace_name,"
            + " email, phone, provider_data, anchor_at, periods_paid, current_period_start, current_period_end,"
            + " cancel_at_period_end, canceled_at, next_action_at, declined_attempts, claimed_until, failure_reason,"
            + " created_at, updated_at, version, payment_method";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM subscriptions";
    /** The row lock: the row cannot change, its key can still be referenced. */
    private static final String LOCK = " FOR NO KEY UPDATE";

    private SubscriptionStore() {
    }

    // Subscriptions

    static Uni<Subscription> find(UUID id) {
        return Sql.first(SELECT + " WHERE id = $1", SubscriptionStore::subscription, id);
    }

    /** The subscription, row-locked until the transaction ends; null when there is none. */
    static Uni<Subscription> lock(UUID id) {
        return Sql.first(SELECT + " WHERE id = $1" + LOCK, SubscriptionStore::subscription, id);
    }

    /** The subscription a charge belongs to, row-locked until the transaction ends (the charge is not locked). */
    static Uni<Subscription> lockOfCharge(UUID chargeId) {
        return Sql.first(SELECT + " WHERE id = (SELECT subscription_id FROM charges WHERE id = $1)" + LOCK,
                SubscriptionStore::subscription, chargeId);
    }

    /** One of the workspace's subscriptions in one of these statuses, row-locked; null when there is none. */
    static Uni<Subscription> lockInStatus(String workspaceId, Collection<SubscriptionStatus> statuses) {
        return Sql.first(SELECT + " WHERE workspace_id = $1 AND status = ANY($2) LIMIT 1" + LOCK,
                SubscriptionStore::subscription, workspaceId, names(statuses));
    }

    /** The workspace's most recently created subscription; null when it has none. */
    static Uni<Subscription> latestOfWorkspace(String workspaceId) {
        return Sql.first(SELECT + " WHERE workspace_id = $1 ORDER BY created_at DESC LIMIT 1",
                SubscriptionStore::subscription, workspaceId);
    }

    record Page(List<Subscription> rows, long total) {
    }

    /** One page, oldest first, with the count of all subscriptions: one statement (the count comes with an empty page too). */
    static Uni<Page> page(long offset, int size) {
        return Sql.execute("SELECT counted.total, page.* FROM (SELECT count(*) AS total FROM subscriptions) counted"
                + " LEFT JOIN LATERAL (" + SELECT + " ORDER BY created_at, id LIMIT $1 OFFSET $2) page ON TRUE",
                size, offset).map(rows -> {
                    long total = 0;
                    List<Subscription> page = new ArrayList<>();
                    for (Row row : rows) {
                        total = row.getLong("total");
                        if (row.getUUID("id") != null) {
                            page.add(subscription(row));
                        }
                    }
                    return new Page(page, total);
                });
    }

    /**
     * Due subscriptions, claimed for {@code leaseUntil}; rows another run holds are skipped. The claim belongs to no
     * queue message (its token is cleared), so a stale message of an earlier dispatch cannot take it.
     */
    static Uni<List<UUID>> claimDue(Instant now, Instant leaseUntil, int batch) {
        return Sql.list("""
                UPDATE subscriptions SET claimed_until = $2, claim_token = NULL, claim_taken = FALSE WHERE id IN (
                    SELECT id FROM subscriptions
                    WHERE status IN ('PENDING', 'ACTIVE', 'PAST_DUE') AND next_action_at <= $1
                      AND (claimed_until IS NULL OR claimed_until < $1)
                    ORDER BY next_action_at LIMIT $3
                    FOR UPDATE SKIP LOCKED)
                RETURNING id""", row -> row.getUUID("id"), now, leaseUntil, batch);
    }

    /**
     * Due subscriptions, claimed for a dispatch through the queue until {@code leaseUntil}: each is held for the
     * message that carries {@code token} until a worker takes it ({@link #take}).
     */
    static Uni<List<UUID>> claimForDispatch(Instant now, Instant leaseUntil, UUID token, int batch) {
        return Sql.list("""
                UPDATE subscriptions SET claimed_until = $2, claim_token = $3, claim_taken = FALSE WHERE id IN (
                    SELECT id FROM subscriptions
                    WHERE status IN ('PENDING', 'ACTIVE', 'PAST_DUE') AND next_action_at <= $1
                      AND (claimed_until IS NULL OR claimed_until < $1)
                    ORDER BY next_action_at LIMIT $4
                    FOR UPDATE SKIP LOCKED)
                RETURNING id""", row -> row.getUUID("id"), now, leaseUntil, token, batch);
    }

    /** What a queue message found when it came to take its subscription. */
    enum Take {
        /** This delivery holds the subscription now, until the lease it set. */
        TAKEN,
        /** Another delivery of the same message holds it, and its lease has not run out. */
        BUSY,
        /** The dispatch is over (done and released, or replaced by a later one): nothing left for this message. */
        STALE
    }

    /**
     * A worker takes the subscription its message names, if the message's dispatch still holds it and no live worker
     * has it: not yet taken, or taken by a worker whose lease ran out (it died mid-work).
     */
    static Uni<Take> take(UUID id, UUID token, Instant now, Instant leaseUntil) {
        return Sql.first("""
                WITH taken AS (
                    UPDATE subscriptions SET claim_taken = TRUE, claimed_until = $4
                    WHERE id = $1 AND claim_token = $2 AND (NOT claim_taken OR claimed_until < $3)
                    RETURNING id)
                SELECT EXISTS (SELECT 1 FROM taken) AS taken,
                       EXISTS (SELECT 1 FROM subscriptions WHERE id = $1 AND claim_token = $2) AS ours""",
                row -> row.getBoolean("taken") ? Take.TAKEN : row.getBoolean("ours") ? Take.BUSY : Take.STALE,
                id, token, now, leaseUntil);
    }

    /** Lets go of a dispatched subscription, if that dispatch still holds it. */
    static Uni<Void> release(UUID id, UUID token) {
        return Sql.update("UPDATE subscriptions SET claimed_until = NULL, claim_token = NULL, claim_taken = FALSE"
                + " WHERE id = $1 AND claim_token = $2", id, token).replaceWithVoid();
    }

    /** Claims one subscription if it is due and unclaimed, as {@link #claimDue} would. */
    static Uni<Boolean> claimIfDue(UUID id, Instant now, Instant leaseUntil) {
        return Sql.update("""
                UPDATE subscriptions SET claimed_until = $3, claim_token = NULL, claim_taken = FALSE WHERE id = $1
                  AND status IN ('PENDING', 'ACTIVE', 'PAST_DUE') AND next_action_at <= $2
                  AND (claimed_until IS NULL OR claimed_until < $2)""", id, now, leaseUntil).map(changed -> changed == 1);
    }

    static Uni<Void> release(UUID id) {
        return Sql.update("UPDATE subscriptions SET claimed_until = NULL, claim_token = NULL, claim_taken = FALSE"
                + " WHERE id = $1", id).replaceWithVoid();
    }

    static Uni<Void> insert(Subscription s) {
        return Sql.update("INSERT INTO subscriptions (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                + " $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)",
                s.id, s.workspaceId, s.ownerId, s.status, s.provider, json(s.selection), s.billingPeriod,
                s.priceUsdMinor, s.priceCopMinor, s.exchangeRate, s.exchangeRateOrigin, json(s.pendingChange),
                s.workspaceName, s.email, s.phone, json(s.providerData), s.anchorAt, s.periodsPaid,
                s.currentPeriodStart, s.currentPeriodEnd, s.cancelAtPeriodEnd, s.canceledAt, s.nextActionAt,
                s.declinedAttempts, s.claimedUntil, s.failureReason, s.createdAt, s.updatedAt, s.version,
                s.paymentChoice).replaceWithVoid();
    }

    /**
     * Writes the subscription's state (all but its id, creation time and the billing run's claim, which only
     * {@link #claimDue} and {@link #release} write) if its version is still the one read, and advances the version.
     *
     * @throws IllegalStateException when another transaction changed the row since it was read
     */
    static Uni<Void> update(Subscription s) {
        long next = s.version + 1;
        return Sql.update("UPDATE subscriptions SET workspace_id = $3, owner_id = $4, status = $5, provider = $6,"
                + " selection = $7, billing_period = $8, price_usd_minor = $9, price_cop_minor = $10, exchange_rate = $11,"
                + " exchange_rate_origin = $12, pending_change = $13, workspace_name = $14, email = $15, phone = $16,"
                + " provider_data = $17, anchor_at = $18, periods_paid = $19, current_period_start = $20,"
                + " current_period_end = $21, cancel_at_period_end = $22, canceled_at = $23, next_action_at = $24,"
                + " declined_attempts = $25, failure_reason = $26, updated_at = $27, payment_method = $28,"
                + " version = version + 1"
                + " WHERE id = $1 AND version = $2",
                s.id, s.version, s.workspaceId, s.ownerId, s.status, s.provider, json(s.selection), s.billingPeriod,
                s.priceUsdMinor, s.priceCopMinor, s.exchangeRate, s.exchangeRateOrigin, json(s.pendingChange),
                s.workspaceName, s.email, s.phone, json(s.providerData), s.anchorAt, s.periodsPaid,
                s.currentPeriodStart, s.currentPeriodEnd, s.cancelAtPeriodEnd, s.canceledAt, s.nextActionAt,
                s.declinedAttempts, s.failureReason, s.updatedAt, s.paymentChoice)
                .map(changed -> {
                    if (changed == 0) {
                        throw new IllegalStateException("subscription changed concurrently: " + s.id + " is no longer at version "
                                + s.version);
                    }
                    s.version = next;
                    return null;
                });
    }

    static Uni<Long> insertTransition(SubscriptionTransition line) {
        return Sql.first("INSERT INTO subscription_transitions (subscription_id, from_status, to_status, cause, detail,"
                + " occurred_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", row -> row.getLong("id"),
                line.subscriptionId, line.fromStatus, line.toStatus, line.cause, line.detail, line.occurredAt)
                .invoke(id -> line.id = id);
    }

    // Workspaces

    /** Null when there is none. */
    static Uni<Workspace> workspace(String id) {
        return Sql.first("SELECT id, owner_id, created_at, subscribing_until FROM workspaces WHERE id = $1",
                SubscriptionStore::workspace, id);
    }

    /** The workspace, row-locked until the transaction ends. */
    static Uni<Workspace> lockWorkspace(String id) {
        return Sql.first("SELECT id, owner_id, created_at, subscribing_until FROM workspaces WHERE id = $1 FOR UPDATE",
                SubscriptionStore::workspace, id);
    }

    static Uni<Void> holdForSubscribe(String id, Instant until) {
        return Sql.update("UPDATE workspaces SET subscribing_until = $2 WHERE id = $1", id, until).replaceWithVoid();
    }

    /** Ends a subscribe's hold; a workspace it created and that never got a subscription goes with it. */
    static Uni<Void> endSubscribeHold(String id) {
        return Sql.update("DELETE FROM workspaces w WHERE id = $1"
                + " AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.workspace_id = w.id)", id)
                .flatMap(deleted -> deleted == 1 ? Uni.createFrom().voidItem()
                        : Sql.update("UPDATE workspaces SET subscribing_until = NULL WHERE id = $1", id).replaceWithVoid());
    }

    private static Workspace workspace(Row row) {
        Workspace workspace = new Workspace();
        workspace.id = row.getString("id");
        workspace.ownerId = row.getString("owner_id");
        workspace.createdAt = Sql.instant(row, "created_at");
        workspace.subscribingUntil = Sql.instant(row, "subscribing_until");
        return workspace;
    }

    /** Makes the workspace, owned by {@code ownerId}, unless it exists (whoever owns it). */
    static Uni<Void> insertWorkspaceIfAbsent(String workspaceId, String ownerId, Instant now) {
        return Sql.update("INSERT INTO workspaces (id, owner_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
                workspaceId, ownerId, now).replaceWithVoid();
    }

    // Entitlements

    /** All of them in one statement. */
    static Uni<Void> insertEntitlements(List<SubscriptionEntitlement> entitlements) {
        if (entitlements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = entitlements.size();
        UUID[] ids = new UUID[n];
        String[] users = new String[n];
        UUID[] subscriptions = new UUID[n];
        String[] workspaces = new String[n];
        String[] kinds = new String[n];
        String[] references = new String[n];
        Integer[] quantities = new Integer[n];
        String[] botFlows = new String[n];
        Integer[] months = new Integer[n];
        Instant grantedAt = entitlements.get(0).grantedAt;
        for (int i = 0; i < n; i++) {
            SubscriptionEntitlement e = entitlements.get(i);
            if (!e.grantedAt.equals(grantedAt)) {
                throw new IllegalArgumentException("entitlements inserted together are granted together");
            }
            ids[i] = e.id;
            users[i] = e.userId;
            subscriptions[i] = e.subscriptionId;
            workspaces[i] = e.workspaceId;
            kinds[i] = e.kind.name();
            references[i] = e.itemReference;
            quantities[i] = e.quantity;
            botFlows[i] = e.botFlowId;
            months[i] = e.months;
        }
        return Sql.update("""
                INSERT INTO entitlements (id, user_id, subscription_id, workspace_id, kind, item_reference, quantity,
                    bot_flow_id, months, granted_at)
                SELECT id, user_id, subscription_id, workspace_id, kind, item_reference, quantity, bot_flow_id, months, $10
                FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::varchar[], $5::varchar[], $6::varchar[], $7::int[],
                    $8::varchar[], $9::int[])
                    AS t (id, user_id, subscription_id, workspace_id, kind, item_reference, quantity, bot_flow_id, months)""",
                ids, users, subscriptions, workspaces, kinds, references, quantities, botFlows, months, grantedAt)
                .replaceWithVoid();
    }

    static Uni<Void> revokeEntitlements(UUID subscriptionId, Instant now, String reason) {
        return Sql.update("UPDATE entitlements SET revoked_at = $1, revoke_reason = $2"
                + " WHERE subscription_id = $3 AND revoked_at IS NULL", now, reason, subscriptionId).replaceWithVoid();
    }

    // Rows

    private static Subscription subscription(Row row) {
        Subscription s = new Subscription();
        s.id = row.getUUID("id");
        s.workspaceId = row.getString("workspace_id");
        s.ownerId = row.getString("owner_id");
        s.status = Sql.enumValue(row, "status", SubscriptionStatus.class);
        s.provider = ProviderName.stored(row.getString("provider"));
        s.selection = Sql.json(row, "selection");
        s.billingPeriod = Sql.enumValue(row, "billing_period", BillingPeriod.class);
        s.priceUsdMinor = row.getLong("price_usd_minor");
        s.priceCopMinor = row.getLong("price_cop_minor");
        s.exchangeRate = row.getBigDecimal("exchange_rate");
        s.exchangeRateOrigin = Sql.enumValue(row, "exchange_rate_origin", ExchangeRate.Origin.class);
        s.pendingChange = Sql.json(row, "pending_change");
        s.workspaceName = row.getString("workspace_name");
        s.email = row.getString("email");
        s.phone = row.getString("phone");
        s.providerData = mutable(Sql.jsonStrings(row, "provider_data"));
        s.anchorAt = Sql.instant(row, "anchor_at");
        s.periodsPaid = row.getInteger("periods_paid");
        s.currentPeriodStart = Sql.instant(row, "current_period_start");
        s.currentPeriodEnd = Sql.instant(row, "current_period_end");
        s.cancelAtPeriodEnd = row.getBoolean("cancel_at_period_end");
        s.canceledAt = Sql.instant(row, "canceled_at");
        s.nextActionAt = Sql.instant(row, "next_action_at");
        s.declinedAttempts = row.getInteger("declined_attempts");
        s.claimedUntil = Sql.instant(row, "claimed_until");
        s.failureReason = row.getString("failure_reason");
        s.createdAt = Sql.instant(row, "created_at");
        s.updatedAt = Sql.instant(row, "updated_at");
        s.version = row.getLong("version");
        s.paymentChoice = PaymentChoice.stored(row.getString("payment_method"));
        return s;
    }

    private static String[] names(Collection<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).toArray(String[]::new);
    }

    private static <V> Map<String, V> mutable(Map<String, V> map) {
        return map == null ? null : new LinkedHashMap<>(map);
    }

    /** A map (or null) to bind as jsonb; nested maps and lists are encoded as JSON objects and arrays. */
    private static Object json(Map<String, ?> map) {
        return map == null ? null : new JsonObject(new LinkedHashMap<>(map));
    }
}
