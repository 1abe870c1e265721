package dev.pagos.wallet;

/** What posting a movement did: the entry, and whether this call wrote it (false: its cause was posted before). */
public record Posted(Entry entry, boolean created) {
}
