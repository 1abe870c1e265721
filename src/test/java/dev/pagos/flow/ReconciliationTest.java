package dev.pagos.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pagos.function.Routes;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.CaptureStubs;
import dev.pagos.support.Database;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalFake;
import dev.pagos.support.PaypalOrders;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduled job makes good what lost webhooks and lost answers left unsettled, once, even when runs overlap. */
@QuarkusTest
class ReconciliationTest {

    @Inject
    @Named(Routes.ORDERS_RECONCILE)
    RequestHandler<Map<String, Object>, Map<String, Object>> reconcile;

    private String buyer;
    private Orders.Placed order;

    @BeforeEach
    void placeOrder() {
        PaypalFake.resetStubs();
        buyer = "buyer-" + UUID.randomUUID();
        order = Orders.place(buyer, "skyblock-odyssey");
    }

    private void ageOrder(String interval) {
        Database.execute("UPDATE orders SET updated_at = now() - CAST(? AS interval), created_at = now() - CAST(? AS interval) "
                + "WHERE id = ?", interval, interval, order.orderId());
    }

    @SuppressWarnings("unchecked")
    private List<String> outcomesAboutTheOrder(Map<String, Object> report) {
        return ((List<String>) report.get("outcomes")).stream().filter(o -> o.contains(order.orderId().toString())).toList();
    }

    @Test
    void anApprovalWhoseWebhookWasLostIsCapturedAndCompleted() {
        PaypalOrders.approvedThenCapturedOnCapture(order.paypalOrderId(), order.orderId(), "12.99");
        ageOrder("15 minutes");

        Map<String, Object> report = reconcile.handleRequest(Map.of("source", "aws.events"), null);

        assertEquals(1, outcomesAboutTheOrder(report).size(), report.toString());
        assertEquals(OrderStatus.COMPLETED, Orders.status(order.orderId()));
        assertEquals(1, Orders.acquisitionsOfOrder(order.orderId()));
        assertEquals(1, PaypalFake.server().findAll(CaptureStubs.captureRequests(order.paypalOrderId())).size());
        assertTrue(Orders.trail(order.orderId()).contains("APPROVED->COMPLETED"));
    }

    @Test
    void aCaptureWhoseAnswerWasLostCompletesWithoutCapturingAgain() {
        Database.execute("UPDATE orders SET status = 'APPROVED' WHERE id = ?", order.orderId());
        PaypalOrders.captured(order.paypalOrderId(), order.orderId(), "COMPLETED", "12.99");
        ageOrder("15 minutes");

        reconcile.handleRequest(Map.of(), null);

        assertEquals(OrderStatus.COMPLETED, Orders.status(order.orderId()));
        assertEquals(0, PaypalFake.server().findAll(CaptureStubs.captureRequests(order.paypalOrderId())).size());
    }

    @Test
    void anOrderNeverPaidWithinTheCheckoutLifetimeExpires() {
        PaypalOrders.stubOrder(order.paypalOrderId(), PaypalOrders.awaitingBuyerBody(order.paypalOrderId(), order.orderId(), "12.99"));
        ageOrder("4 hours");

        reconcile.handleRequest(Map.of(), null);

        assertEquals(OrderStatus.FAILED, Orders.status(order.orderId()));
        assertEquals(List.of("null->PENDING", "PENDING->FAILED"), Orders.trail(order.orderId()));
        // The buyer's page says "expired", not "your payment failed".
        assertEquals("expired", Api.as(buyer).get("/orders/" + order.orderId()).then().statusCode(200)
                .extract().path("displayStatus"));
    }

    @Test
    void aRecentOrderIsLeftAlone() {
        PaypalOrders.approvedThenCapturedOnCapture(order.paypalOrderId(), order.orderId(), "12.99");

        reconcile.handleRequest(Map.of(), null);

        assertEquals(OrderStatus.PENDING, Orders.status(order.orderId()));
        PaypalFake.server().verify(0, com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(PaypalOrders.orderPath(order.paypalOrderId()))));
    }

    @Test
    void overlappingRunsCheckAnOrderOnce() throws Exception {
        PaypalOrders.approvedThenCapturedOnCapture(order.paypalOrderId(), order.orderId(), "12.99");
        ageOrder("15 minutes");

        CompletableFuture<Map<String, Object>> first = CompletableFuture.supplyAsync(() -> reconcile.handleRequest(Map.of(), null));
        CompletableFuture<Map<String, Object>> second = CompletableFuture.supplyAsync(() -> reconcile.handleRequest(Map.of(), null));

        assertEquals(1, outcomesAboutTheOrder(first.get()).size() + outcomesAboutTheOrder(second.get()).size());
        assertEquals(1, PaypalFake.server().findAll(CaptureStubs.captureRequests(order.paypalOrderId())).size());
        assertEquals(OrderStatus.COMPLETED, Orders.status(order.orderId()));
    }
}
