package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.pagos.order.OrderStatus;
import dev.pagos.support.Api;
import dev.pagos.support.CaptureStubs;
import dev.pagos.support.Orders;
import dev.pagos.support.PaypalEvents;
import dev.pagos.support.PaypalFake;
import dev.pagos.support.PaypalOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many requests or events that each ask for the same provider call at once: the call is made once. */
@QuarkusTest
class ProviderCallStormTest {

    @BeforeEach
    void reset() {
        PaypalFake.resetStubs();
    }

    /** Runs {@code call} from {@code count} threads released together; the other flow tests' races use it too. */
    static <T> List<T> allAtOnce(int count, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fortyDistinctApprovalEventsForOneOrderCaptureOnce() throws Exception {
        String buyer = "buyer-" + UUID.randomUUID();
        Orders.Placed order = Orders.place(buyer, "skyblock-odyssey");
        PaypalOrders.approvedThenCapturedOnCapture(order.paypalOrderId(), order.orderId(), "12.99");
        PaypalFake.server().stubFor(CaptureStubs.captureEndpoint(order.paypalOrderId()).atPriority(1)
                .willReturn(CaptureStubs.captured(order.paypalOrderId(), order.orderId(), "COMPLETED", "12.99")
                        .withFixedDelay(500)));

        List<Integer> statuses = allAtOnce(40, () -> PaypalEvents.deliver(PaypalEvents.orderApproved(
                PaypalEvents.newEventId(), order.paypalOrderId(), order.orderId(), "12.99")).statusCode());

        assertTrue(statuses.stream().allMatch(s -> s == 200), "every distinct event is acknowledged: " + statuses);
        assertEquals(1, PaypalFake.server().findAll(CaptureStubs.captureRequests(order.paypalOrderId())).size(),
                "one capture call");
        assertEquals(OrderStatus.COMPLETED, Orders.status(order.orderId()));
        assertEquals(1, Orders.acquisitionsOfOrder(order.orderId()));
    }

    @Test
    void thirtySimultaneousCreatesOfOneOrderOpenOneCheckout() throws Exception {
        String buyer = "buyer-" + UUID.randomUUID();
        PaypalFake.server().stubFor(WireMock.post(urlEqualTo("/v2/checkout/orders")).atPriority(1)
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("content-type", "application/json")
                        .withTransformers("response-template").withFixedDelay(500)
                        .withBody("""
                                {"id":"PP{{jsonPath request.body '$.purchase_units[0].custom_id'}}","status":"PAYER_ACTION_REQUIRED",
                                 "links":[{"href":"https://www.sandbox.paypal.com/checkoutnow?token=PP{{jsonPath request.body '$.purchase_units[0].custom_id'}}",
                                 "rel":"payer-action","method":"GET"}]}""")));

        List<Response> answers = allAtOnce(30, () -> Api.as(buyer)
                .body("{\"productId\":\"medieval-realms\",\"provider\":\"paypal\"}").post("/orders"));

        assertTrue(answers.stream().allMatch(r -> r.statusCode() == 201),
                "every click gets the checkout: " + answers.stream().map(Response::statusCode).toList());
        assertEquals(1, answers.stream().map(r -> r.path("orderId")).distinct().count(), "one order");
        assertTrue(answers.stream().allMatch(r -> r.path("approveUrl") != null), "each answer carries the link");
        PaypalFake.server().verify(1, postRequestedFor(urlEqualTo("/v2/checkout/orders")));
    }
}
