package dev.pagos.billing;

import dev.pagos.persistence.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import java.util.UUID;

/** The charge side of billing's tables (charges, charge_transitions): its SQL and how its rows read. */
final class ChargeStore {

    private static final String SELECT = "SELECT id, subscription_id, period_index, attempt, status, amount_minor, currency,"
            + " amount_usd_minor, exchange_rate, idempotency_key, provider_payment_id, provider_status, failure_reason,"
            + " created_at, updated_at FROM charges";

    private ChargeStore() {
    }

    static Uni<Charge> find(UUID id) {
        return Sql.first(SELECT + " WHERE id = $1", ChargeStore::charge, id);
    }

    /** The charge, row-locked until the transaction ends. */
    static Uni<Charge> lock(UUID id) {
        return Sql.first(SELECT + " WHERE id = $1 FOR NO KEY UPDATE", ChargeStore::charge, id);
    }

    /**
     * What stands in the way of charging the subscription's period {@code periodIndex}: an open charge (first), or a
     * charge of that period held for review; null when there is neither.
     */
    static Uni<Charge> unsettled(UUID subscriptionId, int periodIndex) {
        return Sql.first(SELECT + " WHERE subscription_id = $1 AND (status = ANY($2)"
                + " OR (status = 'NEEDS_REVIEW' AND period_index = $3)) ORDER BY status = 'NEEDS_REVIEW' LIMIT 1",
                ChargeStore::charge, subscriptionId,
                ChargeStatus.OPEN.stream().map(Enum::name).toArray(String[]::new), periodIndex);
    }

    /** How many attempts the subscription's period has had. */
    static Uni<Long> attempts(UUID subscriptionId, int periodIndex) {
        return Sql.count("SELECT count(*) FROM charges WHERE subscription_id = $1 AND period_index = $2",
                subscriptionId, periodIndex);
    }

    static Uni<Void> insert(Charge c) {
        return Sql.update("""
                INSERT INTO charges (id, subscription_id, period_index, attempt, status, amount_minor, currency,
                    amount_usd_minor, exchange_rate, idempotency_key, provider_payment_id, provider_status, failure_reason,
                    created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)""",
                c.id, c.subscriptionId, c.periodIndex, c.attempt, c.status, c.amountMinor, c.currency, c.amountUsdMinor,
                c.exchangeRate, c.idempotencyKey, c.providerPaymentId, c.providerStatus, c.failureReason, c.createdAt,
                c.updatedAt).replaceWithVoid();
    }

    /** Writes what changes on a charge once it is written: its status, the provider's answer, why it failed. */
    static Uni<Void> update(Charge c) {
        return Sql.update("UPDATE charges SET status = $2, provider_payment_id = $3, provider_status = $4,"
                + " failure_reason = $5, updated_at = $6 WHERE id = $1",
                c.id, c.status, c.providerPaymentId, c.providerStatus, c.failureReason, c.updatedAt)
                .map(changed -> {
                    if (changed == 0) {
                        throw new IllegalStateException("charge " + c.id + " is gone");
                    }
                    return null;
                });
    }

    static Uni<Long> insertTransition(ChargeTransition line) {
        return Sql.first("INSERT INTO charge_transitions (charge_id, from_status, to_status, cause, detail, occurred_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", row -> row.getLong("id"),
                line.chargeId, line.fromStatus, line.toStatus, line.cause, line.detail, line.occurredAt)
                .invoke(id -> line.id = id);
    }

    private static Charge charge(Row row) {
        Charge c = new Charge();
        c.id = row.getUUID("id");
        c.subscriptionId = row.getUUID("subscription_id");
        c.periodIndex = row.getInteger("period_index");
        c.attempt = row.getInteger("attempt");
        c.status = Sql.enumValue(row, "status", ChargeStatus.class);
        c.amountMinor = row.getLong("amount_minor");
        c.currency = row.getString("currency");
        c.amountUsdMinor = row.getLong("amount_usd_minor");
        c.exchangeRate = row.getBigDecimal("exchange_rate");
        c.idempotencyKey = row.getString("idempotency_key");
        c.providerPaymentId = row.getString("provider_payment_id");
        c.providerStatus = row.getString("provider_status");
        c.failureReason = row.getString("failure_reason");
        c.createdAt = Sql.instant(row, "created_at");
        c.updatedAt = Sql.instant(row, "updated_at");
        return c;
    }
}
