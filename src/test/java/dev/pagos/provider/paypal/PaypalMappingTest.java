package dev.pagos.provider.paypal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.provider.CaptureResult.CaptureOutcome;
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
        assertEquals(CaptureOutcome.COMPLETED, PaypalMapping.outcomeOf(PaypalMapping.CaptureStatus.COMPLETED));
        assertEquals(CaptureOutcome.COMPLETED, PaypalMapping.outcomeOf(PaypalMapping.CaptureStatus.REFUNDED));
        assertEquals(CaptureOutcome.COMPLETED, PaypalMapping.outcomeOf(PaypalMapping.CaptureStatus.PARTIALLY_REFUNDED));
        assertEquals(CaptureOutcome.PENDING, PaypalMapping.outcomeOf(PaypalMapping.CaptureStatus.PENDING));
        assertEquals(CaptureOutcome.DECLINED, PaypalMapping.outcomeOf(PaypalMapping.CaptureStatus.DECLINED));
        assertEquals(CaptureOutcome.DECLINED, PaypalMapping.outcomeOf(PaypalMapping.CaptureStatus.FAILED));
    }
}
