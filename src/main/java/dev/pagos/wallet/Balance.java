package dev.pagos.wallet;

/** A wallet's balance in one currency, in minor units. */
public record Balance(String currency, long balance) {
}
