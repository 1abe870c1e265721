package dev.pagos.local.simulator.paymentsway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagos.provider.paymentsway.PaymentsWayChecksum;
import dev.pagos.provider.paymentsway.PaymentsWayConfig;
import dev.pagos.provider.paymentsway.PaymentsWayEndpoints;
import dev.pagos.provider.paymentsway.PaymentsWayMapping.TransactionStatus;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * PaymentsWay on the laptop (pagos.paymentsway.mode=simulator), after its public contract: the hosted checkout takes
 * the form POST at {@code cartaspago/redirect} (merchant, button and terminal must be ours, the buyer's details
 * present), shows the payment with Approve / Decline / Pending-cash (a POST; opening the page pays nothing), sends
 * the browser to {@code response_url} unchanged (the real service's return parameters are not known, so none are
 * added), and POSTs the transaction to our webhook with a checksum and the amount under both attested keys
 * ({@code amount} and {@code ammount}), sending it again (three times in all) when it gets no 2xx. It serves the
 * ClientAPI reads ({@code ObtenerTransaccion}, {@code ObtenerTransaccionByExternalOrder}) and
 * {@code ReversarTransaccion}, with the raw API key as {@code Authorization}. Not part of production builds.
 */
@UnlessBuildProfile("prod")
@ApplicationScoped
public class PaymentsWaySimulator {

    private static final Logger LOG = Logger.getLogger(PaymentsWaySimulator.class);
    private static final Set<Integer> FINAL = Set.of(TransactionStatus.SUCCESS.id(), TransactionStatus.FAILED.id(),
            TransactionStatus.CANCELLED.id(), TransactionStatus.REFUNDED.id());
    private static final int DELIVERIES = 3;

    private final PaymentsWayConfig config;
    private final PaymentsWayEndpoints endpoints;
    private final ObjectMapper json;
    private final Map<String, ObjectNode> transactions = new ConcurrentHashMap<>();
    private final Map<String, String> responseUrls = new ConcurrentHashMap<>();
    // From the clock, not a fixed number: the local database (whose webhook inbox knows an event by transaction id and
    // status) outlives the simulator, and ids that began at the same number after a restart made a new payment's
    // notification look like one already received, so it was acknowledged and never applied.
    private final AtomicLong ids = new AtomicLong(Instant.now().toEpochMilli());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    PaymentsWaySimulator(PaymentsWayConfig config, PaymentsWayEndpoints endpoints, ObjectMapper json) {
        this.config = config;
        this.endpoints = endpoints;
        this.json = json;
    }

    void registerRoutes(@Observes Router router) {
        if (config.mode() != PaymentsWayConfig.Mode.SIMULATOR) {
            return;
        }
        String base = PaymentsWayEndpoints.SIMULATOR_PATH;
        BodyHandler forms = BodyHandler.create(false).setBodyLimit(16 * 1024);
        router.post(base + "/cartaspago/redirect").handler(forms).handler(this::checkout);
        router.get(base + "/pay/:id").handler(this::paymentPage);
        router.post(base + "/pay/:id").handler(forms).handler(this::decide);
        router.get(base + "/ClientAPI/ObtenerTransaccion").handler(rc -> {
            if (authorised(rc)) {
                ObjectNode transaction = transactions.get(String.valueOf(rc.request().getParam("id")));
                if (transaction == null) {
                    json(rc, 404, json.createObjectNode().put("status", false).put("message", "not found"));
                } else {
                    json(rc, 200, transaction.deepCopy());
                }
            }
        });
        router.get(base + "/ClientAPI/ObtenerTransaccionByExternalOrder").handler(rc -> {
            if (authorised(rc)) {
                String order = String.valueOf(rc.request().getParam("external_order"));
                ArrayNode found = json.createArrayNode();
                transactions.values().stream().filter(t -> order.equals(t.path("externalorder").asText()))
                        .forEach(t -> found.add(t.deepCopy()));
                json(rc, 200, found);
            }
        });
        router.post(base + "/ClientAPI/ReversarTransaccion").handler(forms).handler(this::reverse);
        LOG.infof("PaymentsWay simulator at %s; notifications go to %s", endpoints.checkoutUrl(), endpoints.webhookUrl());
    }

    private void checkout(RoutingContext rc) {
        var form = rc.request().formAttributes();
        String amount = form.get("amount");
        String currency = form.get("currency");
        boolean ours = eq(form.get("merchant_id"), config.merchantId().orElse(null))
                && eq(form.get("form_id"), config.formId().orElse(null))
                && eq(form.get("terminal_id"), config.terminalId().orElse(null));
        List<String> required = List.of("order_number", "client_email", "client_firstname", "client_lastname",
                "client_doctype", "client_numdoc", "client_phone");
        boolean complete = required.stream().allMatch(name -> form.get(name) != null && !form.get(name).isBlank());
        if (!ours || !complete || amount == null || !amount.matches("\\d{1,12}") || currency == null
                || !currency.equalsIgnoreCase("COP")) {
            page(rc, 400, "<h1>Invalid payment request</h1><p>Unknown merchant, button or terminal, a missing field,"
                    + " or an amount that is not whole pesos.</p>");
            return;
        }
        String id = Long.toString(ids.incrementAndGet());
        ObjectNode transaction = json.createObjectNode().put("id", id).put("issubscription", false)
                .put("amount", Long.parseLong(amount)).put("externalorder", form.get("order_number"))
                .put("createdat", Instant.now().toString()).put("updatedat", Instant.now().toString())
                .put("ip", rc.request().remoteAddress() == null ? "" : rc.request().remoteAddress().host());
        transaction.putObject("idstatus").put("id", TransactionStatus.CREATED.id()).put("nombre", TransactionStatus.CREATED.nombre());
        transaction.putObject("currencycode").put("id", 1).put("name", "Peso colombiano").put("code", "COP").put("symbol", "$");
        transaction.putObject("idperson").put("id", ids.incrementAndGet()).put("firstname", form.get("client_firstname"))
                .put("lastname", form.get("client_lastname")).put("email", form.get("client_email"))
                .put("phone", form.get("client_phone")).put("identification", form.get("client_numdoc"));
        transaction.putObject("paymentmethod").put("id", 1).put("nombre", "Tarjeta");
        transaction.put("idmerchant", config.merchantId().orElse(""));
        transaction.put("additionaldata", String.valueOf(form.get("order_description")));
        transactions.put(id, transaction);
        if (form.get("response_url") != null) {
            responseUrls.put(id, form.get("response_url"));
        }
        // After a POST, the buyer's browser lands on a page it can reload without posting again.
        rc.response().setStatusCode(303).putHeader("location", PaymentsWayEndpoints.SIMULATOR_PATH + "/pay/" + id).end();
    }

    private void paymentPage(RoutingContext rc) {
        ObjectNode transaction = transactions.get(rc.pathParam("id"));
        if (transaction == null) {
            page(rc, 404, "<h1>Unknown transaction</h1>");
            return;
        }
        int status = transaction.path("idstatus").path("id").asInt();
        if (FINAL.contains(status)) {
            page(rc, 409, "<h1>This payment is already " + escape(transaction.path("idstatus").path("nombre").asText())
                    + "</h1>");
            return;
        }
        page(rc, 200, """
                <h1>PaymentsWay simulator</h1><p>Pay <b>%s COP</b> for order %s%s</p>
                <form method=post><button name=outcome value=34>Approve</button>
                <button name=outcome value=36>Decline</button>
                <button name=outcome value=40>Pending cash</button></form>"""
                .formatted(transaction.path("amount").asText(), escape(transaction.path("externalorder").asText()),
                        status == TransactionStatus.CASH_PENDING.id() ? " (cash voucher issued, not paid yet)" : ""));
    }

    private void decide(RoutingContext rc) {
        ObjectNode transaction = transactions.get(rc.pathParam("id"));
        String outcome = rc.request().getFormAttribute("outcome");
        TransactionStatus status = outcome == null || !outcome.matches("\\d{1,3}") ? null
                : TransactionStatus.ofId(Integer.parseInt(outcome)).filter(s -> s == TransactionStatus.SUCCESS
                        || s == TransactionStatus.FAILED || s == TransactionStatus.CASH_PENDING).orElse(null);
        if (transaction == null || status == null) {
            page(rc, 400, "<h1>Unknown transaction or outcome</h1>");
            return;
        }
        synchronized (transaction) {
            if (FINAL.contains(transaction.path("idstatus").path("id").asInt())) {
                page(rc, 409, "<h1>This payment is already decided</h1>");
                return;
            }
            setStatus(transaction, status);
        }
        notifyLater(transaction.deepCopy());
        String back = responseUrls.get(transaction.path("id").asText());
        if (back == null || back.isBlank()) {
            page(rc, 200, "<h1>Transaction " + escape(transaction.path("id").asText()) + ": " + status.nombre() + "</h1>");
            return;
        }
        rc.response().setStatusCode(303).putHeader("location", back).end();
    }

    private void reverse(RoutingContext rc) {
        if (!authorised(rc)) {
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(rc.body().asString());
        } catch (Exception e) {
            body = null;
        }
        ObjectNode transaction = body == null ? null : transactions.get(body.path("idTransaction").asText());
        if (transaction == null) {
            json(rc, 400, json.createObjectNode().put("status", false).put("message", "unknown transaction"));
            return;
        }
        synchronized (transaction) {
            if (transaction.path("idstatus").path("id").asInt() != TransactionStatus.SUCCESS.id()) {
                json(rc, 400, json.createObjectNode().put("status", false).put("message", "not reversible"));
                return;
            }
            setStatus(transaction, TransactionStatus.REFUNDED);
        }
        notifyLater(transaction.deepCopy());
        json(rc, 200, json.createObjectNode().put("status", true));
    }

    private static void setStatus(ObjectNode transaction, TransactionStatus status) {
        ((ObjectNode) transaction.path("idstatus")).put("id", status.id()).put("nombre", status.nombre());
        transaction.put("updatedat", Instant.now().toString());
        if (status == TransactionStatus.SUCCESS) {
            transaction.put("paymentedat", Instant.now().toString());
        }
    }

    /** The transaction as PaymentsWay notifies it: both amount keys, and the checksum over the amount as whole pesos. */
    private void notifyLater(ObjectNode transaction) {
        String amount = transaction.path("amount").asText();
        transaction.put("ammount", transaction.path("amount").asLong());
        transaction.put("checksum", PaymentsWayChecksum.of(config.formId().orElse(""), config.apiKey().orElse(""),
                config.merchantId().orElse(""), amount, transaction.path("externalorder").asText()));
        deliver(transaction, 1);
    }

    private void deliver(ObjectNode notification, int attempt) {
        int status = notification.path("idstatus").path("id").asInt();
        int expected = status == TransactionStatus.SUCCESS.id() ? 200 : 201;
        HttpRequest request = HttpRequest.newBuilder(endpoints.webhookUrl()).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(notification.toString())).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            String id = notification.path("id").asText();
            if (failure == null && response.statusCode() / 100 == 2) {
                if (response.statusCode() != expected) {
                    LOG.warnf("PaymentsWay simulator: notification %s (status %d) answered %d, PaymentsWay expects %d",
                            id, status, response.statusCode(), expected);
                } else {
                    LOG.infof("PaymentsWay simulator notification %s (status %d) -> %d", id, status, response.statusCode());
                }
                return;
            }
            LOG.warnf("PaymentsWay simulator: notification %s (status %d), attempt %d: %s", id, status, attempt,
                    failure != null ? failure.getMessage() : "answered " + response.statusCode());
            if (attempt < DELIVERIES) {
                CompletableFuture.delayedExecutor(2L * attempt, TimeUnit.SECONDS)
                        .execute(() -> deliver(notification, attempt + 1));
            }
        });
    }

    private boolean authorised(RoutingContext rc) {
        boolean ok = config.apiKey().filter(key -> !key.isBlank())
                .map(key -> key.equals(rc.request().getHeader("Authorization"))).orElse(false);
        if (!ok) {
            json(rc, 401, json.createObjectNode().put("status", false).put("message", "unauthorized"));
        }
        return ok;
    }

    private static boolean eq(String given, String expected) {
        return given != null && given.equals(expected);
    }

    private static void json(RoutingContext rc, int status, JsonNode body) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }

    private static void page(RoutingContext rc, int status, String body) {
        rc.response().setStatusCode(status).putHeader("content-type", "text/html; charset=utf-8")
                .putHeader("cache-control", "no-store")
                .end("<!doctype html><meta name=viewport content=\"width=device-width\"><title>PaymentsWay simulator</title>"
                        + body);
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
