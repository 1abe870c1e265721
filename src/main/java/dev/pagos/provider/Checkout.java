package dev.pagos.provider;

/** A checkout opened at the provider: its id there, and the page where the buyer approves the payment. */
public record Checkout(String providerOrderId, String approveUrl) {
}
