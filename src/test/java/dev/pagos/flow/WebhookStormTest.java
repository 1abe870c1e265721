package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.PaypalEvents;
import dev.pagos.support.PaypalFake;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The webhook storm: every order approved and captured by signed PayPal events, a share of them delivered twice
 * (the same transmission again, or the same event re-signed), all shuffled and sent by several clients at once.
 * Nothing may be lost, nothing done twice, no answer may be a 5xx, and the pool must be healthy at the end.
 * CI runs a small storm; {@code bench/webhook-storm.sh} runs a large one (sizes by system property).
 */
@QuarkusTest
class WebhookStormTest {

    private static final int ORDERS = Integer.getInteger("storm.orders", 40);
    private static final int CLIENTS = Integer.getInteger("storm.clients", 8);
    private static final double DUPLICATE_SHARE = Double.parseDouble(System.getProperty("storm.duplicates", "0.3"));
    private static final String PRODUCT = "create-industrial";
    private static final String PRICE = "8.99";

    private record Delivery(String orderKey, byte[] body, Map<String, String> headers) {
    }

    @Test
    void stormOfSignedEventsLosesNothingAndDoesNothingTwice() throws Exception {
        PaypalFake.resetStubs();
        stubPaypalForEveryOrder();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<UUID> orders = placeOrders(run);

        List<Delivery> deliveries = new ArrayList<>();
        Random random = new Random(42);
        for (UUID orderId : orders) {
            String paypalOrderId = "PP" + orderId;
            byte[] approved = PaypalEvents.orderApproved(PaypalEvents.newEventId(), paypalOrderId, orderId, PRICE);
            byte[] completed = PaypalEvents.capture("PAYMENT.CAPTURE.COMPLETED", PaypalEvents.newEventId(),
                    "CAP-" + orderId, "COMPLETED", paypalOrderId, orderId, PRICE);
            for (byte[] body : List.of(approved, completed)) {
                Map<String, String> headers = PaypalEvents.sign(body);
                deliveries.add(new Delivery(orderId.toString(), body, headers));
                if (random.nextDouble() < DUPLICATE_SHARE) {
                    // Half the repeats are the same transmission again, half a fresh transmission of the same event.
                    deliveries.add(new Delivery(orderId.toString(), body, random.nextBoolean() ? headers : PaypalEvents.sign(body)));
                }
            }
        }
        Collections.shuffle(deliveries, random);

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> sent = new ArrayList<>();
        for (Delivery delivery : deliveries) {
            sent.add(clients.submit(() -> {
                long t0 = System.nanoTime();
                int status = deliverAsPaypalWould(http, delivery);
                latencies.add((System.nanoTime() - t0) / 1_000_000);
                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                return null;
            }));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        clients.shutdown();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        Collections.sort(latencies);
        System.out.printf("STORM orders=%d deliveries=%d (distinct events %d) clients=%d elapsed=%d ms rate=%.0f/s "
                        + "p50=%d ms p99=%d ms max=%d ms statuses=%s%n", orders.size(), deliveries.size(), orders.size() * 2,
                CLIENTS, elapsedMs, deliveries.size() * 1000.0 / Math.max(1, elapsedMs),
                latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.99)),
                latencies.get(latencies.size() - 1), statuses);

        assertEquals(Map.of(200, deliveries.size()), statuses.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())), "every delivery ends in 200");
        String ids = orders.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        assertEquals(orders.size(), Database.count("SELECT count(*) FROM orders WHERE status = 'COMPLETED' AND id IN (" + ids + ")"),
                "no order lost");
        assertEquals(orders.size(), Database.count("SELECT count(*) FROM acquisitions WHERE revoked_at IS NULL AND order_id IN ("
                + ids + ")"), "one grant per order");
        Map<String, Long> capturesPerOrder = PaypalFake.server().findAll(postRequestedFor(urlMatching("/v2/checkout/orders/PP.*/capture")))
                .stream().map(LoggedRequest::getUrl).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(orders.size(), capturesPerOrder.size(), "every order captured");
        assertTrue(capturesPerOrder.values().stream().allMatch(n -> n == 1), "no order captured twice");
        String anyOfOurOrders = "payload LIKE ANY (ARRAY[" + orders.stream().map(id -> "'%" + id + "%'")
                .collect(Collectors.joining(",")) + "])";
        assertEquals(orders.size() * 2L, Database.count("SELECT count(*) FROM webhook_inbox WHERE " + anyOfOurOrders),
                "each distinct event recorded once");
        assertEquals(0, Database.count("SELECT count(*) FROM webhook_inbox WHERE processed_at IS NULL AND " + anyOfOurOrders),
                "each event applied");
        assertTrue(Database.otherSessions().stream().noneMatch(s -> s.startsWith("idle in transaction")),
                "pool healthy: " + Database.otherSessions());
    }

    /** PayPal retries what is not acknowledged; a 409 (another delivery holds the event) is simply sent again. */
    private static int deliverAsPaypalWould(HttpClient http, Delivery delivery) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + Api.port() + "/webhooks/paypal"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
        delivery.headers().forEach(request::header);
        for (int attempt = 1; ; attempt++) {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 409 || attempt == 50) {
                return status;
            }
            Thread.sleep(50);
        }
    }

    private List<UUID> placeOrders(String run) throws Exception {
        ExecutorService buyers = Executors.newFixedThreadPool(CLIENTS);
        List<Future<UUID>> placed = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String buyer = "storm-" + run + "-" + i;
            placed.add(buyers.submit(() -> UUID.fromString(Api.as(buyer)
                    .body("{\"productId\":\"" + PRODUCT + "\",\"provider\":\"paypal\"}").post("/orders")
                    .then().statusCode(201).extract().path("orderId"))));
        }
        List<UUID> orders = new ArrayList<>();
        for (Future<UUID> f : placed) {
            orders.add(f.get());
        }
        buyers.shutdown();
        return orders;
    }

    /** PayPal's record and capture for any order "PP{our id}", derived from the URL: APPROVED, then captured once. */
    private static void stubPaypalForEveryOrder() {
        String ourId = "{{regexExtract request.path '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'}}";
        PaypalFake.server().stubFor(get(urlMatching("/v2/checkout/orders/PP[0-9a-f-]{36}")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withTransformers("response-template").withBody("""
                        {"id":"PP%1$s","intent":"CAPTURE","status":"APPROVED",
                         "purchase_units":[{"reference_id":"%1$s","custom_id":"%1$s","amount":{"currency_code":"USD","value":"%2$s"}}]}"""
                        .formatted(ourId, PRICE))));
        PaypalFake.server().stubFor(post(urlMatching("/v2/checkout/orders/PP[0-9a-f-]{36}/capture")).willReturn(aResponse()
                .withStatus(201).withHeader("content-type", "application/json").withTransformers("response-template").withBody("""
                        {"id":"PP%1$s","status":"COMPLETED","purchase_units":[{"reference_id":"%1$s","payments":{"captures":[{
                          "id":"CAP-%1$s","status":"COMPLETED","amount":{"currency_code":"USD","value":"%2$s"},"custom_id":"%1$s"}]}}]}"""
                        .formatted(ourId, PRICE))));
    }
}
