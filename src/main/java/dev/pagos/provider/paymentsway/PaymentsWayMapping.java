package dev.pagos.provider.paymentsway;

import dev.pagos.provider.ConfirmedPayment.Stage;
import java.util.Arrays;
import java.util.Optional;

/** PaymentsWay's transaction statuses ({@code idstatus.id}) mapped to ours, in one place, with the reasons. */
public final class PaymentsWayMapping {

    private PaymentsWayMapping() {
    }

    /** The attested ids (contract section 3); any other id is unknown and settles nothing. */
    public enum TransactionStatus {
        CREATED(1, "Creada"),
        SUCCESS(34, "Exitosa"),
        PENDING(35, "Pendiente"),
        FAILED(36, "Fallida"),
        CANCELLED(38, "Cancelada"),
        REFUNDED(39, "Reembolsada"),
        CASH_PENDING(40, "Pendiente efectivo");

        private final int id;
        private final String nombre;

        TransactionStatus(int id, String nombre) {
            this.id = id;
            this.nombre = nombre;
        }

        public int id() {
            return id;
        }

        public String nombre() {
            return nombre;
        }

        public static Optional<TransactionStatus> ofId(int id) {
            return Arrays.stream(values()).filter(s -> s.id == id).findFirst();
        }
    }

    /** Exhaustive on purpose: a new status must not compile until someone decides what it means. */
    static Stage stageOf(TransactionStatus status) {
        return switch (status) {
            // The buyer has not paid yet (created, a card or PSE step in progress, a cash voucher not yet paid at the
            // counter): the notification with the outcome follows; the order waits, and expires unpaid.
            case CREATED, PENDING, CASH_PENDING -> Stage.AWAITING_BUYER;
            // PaymentsWay takes the money when it approves: there is no capture step.
            case SUCCESS -> Stage.CAPTURED;
            case FAILED -> Stage.DECLINED;
            // Cancelled before paying. Never read as a refund: only a confirmed 39 takes back what was granted (a
            // completed order cannot fail, so a late "cancelled" leaves it completed).
            case CANCELLED -> Stage.DECLINED;
            case REFUNDED -> Stage.REFUNDED;
        };
    }

    /**
     * Which of several transactions of one order decides it (lower first): the one that took money (paid, or paid
     * and refunded), then one still in progress, then a refusal.
     */
    static int precedence(TransactionStatus status) {
        return switch (status) {
            case SUCCESS -> 0;
            case REFUNDED -> 1;
            case CASH_PENDING -> 2;
            case PENDING -> 3;
            case CREATED -> 4;
            case FAILED -> 5;
            case CANCELLED -> 6;
        };
    }
}
