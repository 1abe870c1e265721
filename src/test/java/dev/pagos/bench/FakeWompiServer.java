package dev.pagos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wompi for the renewal benchmark, on the JDK's HTTP server: POST /transactions, GET /transactions/{id},
 * GET /transactions?reference=, and the exchange rate. Every call waits {@code latencyMs}; calls beyond
 * {@code rateLimit} in one second get 429 (and are counted: Pagos must never cause one); a share of calls fails,
 * half with a 500 before anything is made, half with a timeout after the transaction was made (the answer comes
 * after the client gave up). A transaction is APPROVED when made (a simplification: real card charges are PENDING
 * first and need one more read). A reference is taken once, as Wompi does.
 */
final class FakeWompiServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final long latencyMs;
    private final int rateLimit;
    private final double failureShare;
    private final long timeoutSleepMs;
    private final Map<String, ObjectNode> byReference = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> byId = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> perSecond = new ConcurrentHashMap<>();
    final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong calls = new AtomicLong();
    final AtomicLong tooMany = new AtomicLong();
    final AtomicLong failed500 = new AtomicLong();
    final AtomicLong timedOut = new AtomicLong();
    final AtomicLong created = new AtomicLong();

    FakeWompiServer(long latencyMs, int rateLimit, double failureShare, long timeoutSleepMs) throws IOException {
        this.latencyMs = latencyMs;
        this.rateLimit = rateLimit;
        this.failureShare = failureShare;
        this.timeoutSleepMs = timeoutSleepMs;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(threads);
        server.createContext("/v1/transactions", this::transactions);
        server.createContext("/rates", exchange -> send(exchange, 200, "{\"base\":\"USD\",\"rates\":{\"COP\":4000}}"));
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Transactions per payment source that Wompi approved more than once: double charges. */
    long doubleCharges() {
        Map<String, Long> approved = new ConcurrentHashMap<>();
        byReference.values().forEach(t -> approved.merge(t.path("payment_source_id").asText(), 1L, Long::sum));
        return approved.values().stream().filter(n -> n > 1).count();
    }

    /** The most calls that arrived within any one second (sliding window). */
    long maxCallsInAnySecond() {
        List<Long> sorted;
        synchronized (arrivals) {
            sorted = new ArrayList<>(arrivals);
        }
        Collections.sort(sorted);
        long max = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (sorted.get(to) - sorted.get(from) >= 1_000_000_000L) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    private void transactions(HttpExchange exchange) throws IOException {
        try {
            long now = System.nanoTime();
            arrivals.add(now);
            calls.incrementAndGet();
            long second = System.currentTimeMillis() / 1000;
            if (perSecond.computeIfAbsent(second, s -> new AtomicLong()).incrementAndGet() > rateLimit) {
                tooMany.incrementAndGet();
                send(exchange, 429, "{\"error\":{\"type\":\"RATE_LIMIT\"}}");
                return;
            }
            Thread.sleep(latencyMs);
            double roll = ThreadLocalRandom.current().nextDouble();
            boolean fail500 = roll < failureShare / 2;
            boolean timeout = !fail500 && roll < failureShare;
            if (fail500) {
                failed500.incrementAndGet();
                send(exchange, 500, "{\"error\":{\"type\":\"INTERNAL\"}}");
                return;
            }
            String answer;
            int status = 200;
            if ("POST".equals(exchange.getRequestMethod())) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String reference = body.path("reference").asText();
                ObjectNode transaction = JSON.createObjectNode().put("id", "bench-" + UUID.randomUUID())
                        .put("created_at", java.time.Instant.now().toString())
                        .put("amount_in_cents", body.path("amount_in_cents").asLong()).put("reference", reference)
                        .put("currency", body.path("currency").asText()).put("payment_method_type", "CARD")
                        .put("payment_source_id", body.path("payment_source_id").asText())
                        .put("customer_email", body.path("customer_email").asText()).put("status", "APPROVED");
                if (byReference.putIfAbsent(reference, transaction) != null) {
                    status = 422;
                    answer = "{\"error\":{\"type\":\"INPUT_VALIDATION_ERROR\",\"messages\":{}}}";
                } else {
                    created.incrementAndGet();
                    byId.put(transaction.path("id").asText(), transaction);
                    answer = data(transaction);
                }
            } else {
                String query = exchange.getRequestURI().getRawQuery();
                String path = exchange.getRequestURI().getPath();
                if (query != null && query.startsWith("reference=")) {
                    ArrayNode found = JSON.createArrayNode();
                    ObjectNode t = byReference.get(URLDecoder.decode(query.substring(10), StandardCharsets.UTF_8));
                    if (t != null) {
                        found.add(t);
                    }
                    answer = data(found);
                } else {
                    ObjectNode t = byId.get(path.substring(path.lastIndexOf('/') + 1));
                    status = t == null ? 404 : 200;
                    answer = t == null ? "{\"error\":{\"type\":\"NOT_FOUND_ERROR\"}}" : data(t);
                }
            }
            if (timeout) {
                // Made (or read), but the answer comes after the client stopped waiting.
                timedOut.incrementAndGet();
                Thread.sleep(timeoutSleepMs);
            }
            send(exchange, status, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // The client gave up (a timeout): nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private static String data(JsonNode node) {
        ObjectNode body = JSON.createObjectNode();
        body.set("data", node);
        return body.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
