package dev.pagos.text;

/**
 * Ids that come from outside (provider events) end up in indexed VARCHAR(255) columns: one that is empty, too
 * long or carries {@link ControlCharacters} is refused at the door rather than failing in SQL, where it once
 * left webhook events stuck for good; so is one with an invisible format character, which would show an operator
 * another id than the one stored.
 */
public final class Identifiers {

    public static final int MAX_LENGTH = 255;

    private Identifiers() {
    }

    /** Non-empty, at most 255 characters, no control or format characters. */
    public static boolean isUsable(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_LENGTH && !ControlCharacters.orFormatCharactersPresentIn(id);
    }

    public static boolean areUsable(String... ids) {
        for (String id : ids) {
            if (!isUsable(id)) {
                return false;
            }
        }
        return true;
    }

    /** Each either absent (null) or usable. */
    public static boolean areUsableOrAbsent(String... ids) {
        for (String id : ids) {
            if (id != null && !isUsable(id)) {
                return false;
            }
        }
        return true;
    }
}
