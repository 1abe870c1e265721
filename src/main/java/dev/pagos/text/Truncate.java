package dev.pagos.text;

/** Free text from providers and errors is cut to fit its column or field rather than failing the write. */
public final class Truncate {

    private Truncate() {
    }

    public static String toLength(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
