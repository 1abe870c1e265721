package dev.pagos.provider.paypal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.provider.ConfirmedPayment.Stage;
import dev.pagos.provider.PaymentEvent.Kind;
import org.junit.jupiter.api.Test;

class PaypalMappingTest {

    @Test
    void webhookEventTypes() {
        assertEquals(Kind.CHECKOUT_APPROVED, PaypalMapping.kindOf("CHECKOUT.ORDER.APPROVED"));
        assertEquals(Kind.CAPTURE_COMPLETED, PaypalMapping.kindOf("PAYMENT.CAPTURE.COMPLETED"));
        assertEquals(Kind.CAPTURE_PENDING, PaypalMapping.kindOf("PAYMENT.CAPTURE.PENDING"));
        assertEquals(Kind.CAPTURE_DECLINED, PaypalMapping.kindOf("PAYMENT.CAPTURE.DENIED"));
        assertEquals(Kind.CAPTURE_DECLINED, PaypalMapping.kindOf("PAYMENT.CAPTURE.DECLINED"));
        assertEquals(Kind.CAPTURE_REFUNDED, PaypalMapping.kindOf("PAYMENT.CAPTURE.REFUNDED"));
        assertEquals(Kind.CAPTURE_REFUNDED, PaypalMapping.kindOf("PAYMENT.CAPTURE.REVERSED"));
        assertEquals(Kind.APPROVAL_REVERSED, PaypalMapping.kindOf("CHECKOUT.PAYMENT-APPROVAL.REVERSED"));
        assertEquals(Kind.NOT_RELEVANT, PaypalMapping.kindOf("CUSTOMER.DISPUTE.CREATED"));
        assertEquals(Kind.NOT_RELEVANT, PaypalMapping.kindOf("checkout.order.approved"), "event types are exact");
    }

    @Test
    void captureStatuses() {
        assertEquals(Stage.CAPTURED, PaypalMapping.stageOf(PaypalMapping.CaptureStatus.COMPLETED));
        assertEquals(Stage.REFUNDED, PaypalMapping.stageOf(PaypalMapping.CaptureStatus.REFUNDED));
        assertEquals(Stage.REFUNDED, PaypalMapping.stageOf(PaypalMapping.CaptureStatus.PARTIALLY_REFUNDED));
        assertEquals(Stage.CAPTURE_PENDING, PaypalMapping.stageOf(PaypalMapping.CaptureStatus.PENDING));
        assertEquals(Stage.DECLINED, PaypalMapping.stageOf(PaypalMapping.CaptureStatus.DECLINED));
        assertEquals(Stage.DECLINED, PaypalMapping.stageOf(PaypalMapping.CaptureStatus.FAILED));
    }

    @Test
    void orderStatusesBeforeAnyCapture() {
        assertEquals(Stage.AWAITING_BUYER, PaypalMapping.stageOf(PaypalMapping.OrderStatus.CREATED));
        assertEquals(Stage.AWAITING_BUYER, PaypalMapping.stageOf(PaypalMapping.OrderStatus.SAVED));
        assertEquals(Stage.AWAITING_BUYER, PaypalMapping.stageOf(PaypalMapping.OrderStatus.PAYER_ACTION_REQUIRED));
        assertEquals(Stage.APPROVED, PaypalMapping.stageOf(PaypalMapping.OrderStatus.APPROVED));
        assertEquals(Stage.DECLINED, PaypalMapping.stageOf(PaypalMapping.OrderStatus.VOIDED));
        assertEquals(Stage.DECLINED, PaypalMapping.stageOf(PaypalMapping.OrderStatus.COMPLETED),
                "completed with no capture on record is not taken as paid");
    }
}
