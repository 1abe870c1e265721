package dev.pagos.provider;

/**
 * Raw card data, held only for the one call that tokenizes it. Never stored, logged or put in a message:
 * {@link #toString()} shows the last four digits at most.
 */
public record CardDetails(String number, String cvc, String expMonth, String expYear, String holder) {

    public String lastFour() {
        return number == null || number.length() < 4 ? "" : number.substring(number.length() - 4);
    }

    @Override
    public String toString() {
        return "CardDetails[**** " + lastFour() + "]";
    }
}
