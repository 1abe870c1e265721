package dev.pagos.pricing;

/** What a line of a purchase is. */
public enum ItemKind {
    PLAN,
    ASSISTANT,
    ADDON
}
