package dev.pagos.pricing;

import dev.pagos.money.Money;
import java.util.Objects;

/**
 * One thing in a purchase, priced per month in the catalogue's currency. {@code free} is the assistant that
 * comes with a plan; {@code botFlowId} is the optional bot flow an add-on is bound to.
 */
public record PricedItem(ItemKind kind, String id, String reference, String name, Money monthlyPrice, int quantity,
        boolean free, String botFlowId) {

    public PricedItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(monthlyPrice, "monthlyPrice");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
    }
}
