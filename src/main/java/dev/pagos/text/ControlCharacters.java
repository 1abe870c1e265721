package dev.pagos.text;

/**
 * Control characters (C0, DEL, C1) have no business in ids, names or JSON string values we accept, and
 * PostgreSQL refuses NUL in text outright: input carrying them is refused at the edge, before any SQL.
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    public static boolean presentIn(CharSequence value) {
        return value != null && value.chars().anyMatch(Character::isISOControl);
    }
}
