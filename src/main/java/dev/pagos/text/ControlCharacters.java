package dev.pagos.text;

/**
 * Control characters (C0, DEL, C1) have no business in ids, names or JSON string values we accept, and
 * PostgreSQL refuses NUL in text outright: input carrying them is refused at the edge, before any SQL. The
 * bidirectional controls (embeddings, overrides, isolates and marks) count as control characters too: they make
 * text read differently from what it holds ("Trojan Source"), in a log line or on an operator's screen.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    public static boolean presentIn(CharSequence value) {
        return value != null && value.chars().anyMatch(c -> Character.isISOControl(c) || isBidiControl(c));
    }

    /**
     * Control characters or any other invisible format character (Unicode category Cf: zero-width spaces and
     * joiners, the byte-order mark, soft hyphens, bidirectional controls), none of which belongs in an identifier,
     * a status or a reference.
     */
    public static boolean orFormatCharactersPresentIn(CharSequence value) {
        return value != null && value.chars().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }

    private static boolean isBidiControl(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
