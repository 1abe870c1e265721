package dev.pagos.provider;

import dev.pagos.money.Money;
import java.util.UUID;

/** The order id is the only reference a provider gets; it also seeds the idempotency keys. */
public record CheckoutRequest(UUID orderId, Money amount, String description, String returnUrl, String cancelUrl) {
}
