package dev.pagos.provider;

/**
 * Raw card data, held only for the one call that tokenizes it. Never stored, logged or put in a message:
 * {@link #toString()} shows the last four digits at most.
 */
public record CardDetails(String number, String cvc, String expMonth, String expYear, String holder) {

    /** The number passes the Luhn check every card number carries (ISO/IEC 7812). */
    public static boolean passesLuhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /** A card is good through the last day of its expiry month. */
    public boolean expiredBefore(java.time.YearMonth month) {
        return java.time.YearMonth.of(2000 + Integer.parseInt(expYear), Integer.parseInt(expMonth)).isBefore(month);
    }

    public String lastFour() {
        return number == null || number.length() < 4 ? "" : number.substring(number.length() - 4);
    }

    @Override
    public String toString() {
        return "CardDetails[**** " + lastFour() + "]";
    }
}
