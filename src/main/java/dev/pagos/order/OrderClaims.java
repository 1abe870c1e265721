package dev.pagos.order;

import dev.pagos.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes a provider call happen once per order however many requests or events ask for it at the same time
 * (40 approval events, 30 double clicks). The claim is taken under the order's row lock, but the call itself
 * runs with no transaction open: the claim is a lease that ends when the caller releases it or, if the caller
 * died, when it runs out.
 */
@ApplicationScoped
public class OrderClaims {

    private final Clock clock;
    private final Duration lease;

    OrderClaims(Clock clock, @ConfigProperty(name = "pagos.order.claim-lease", defaultValue = "PT45S") Duration lease) {
        this.clock = clock;
        this.lease = lease;
    }

    /** @return true when the caller holds the claim now and must make the call, then {@link #release} it */
    public boolean claim(UUID orderId, Predicate<Order> callStillNeeded) {
        return Transactions.inTransaction(() -> OrderTransitions.lockRow(orderId).flatMap(order -> {
                    if (order == null || !callStillNeeded.test(order)) {
                        return Uni.createFrom().item(false);
                    }
                    if (order.claimedUntil != null && order.claimedUntil.isAfter(clock.instant())) {
                        return Uni.createFrom().item(false);
                    }
                    order.claimedUntil = clock.instant().plus(lease);
                    return OrderStore.update(order).replaceWith(true);
                }));
    }

    /** Ends the claim: one statement, which waits for the row lock as the claim's locked read does. */
    public void release(UUID orderId) {
        Transactions.autocommit(() -> OrderStore.releaseClaim(orderId));
    }
}
