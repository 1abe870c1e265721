package dev.pagos.local.simulator.wompi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagos.local.LocalAbandonedEvents;
import dev.pagos.provider.wompi.WompiConfig;
import dev.pagos.provider.wompi.WompiEndpoints;
import dev.pagos.provider.wompi.WompiSignatures;
import dev.pagos.provider.wompi.WompiWebhooks;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Wompi on the laptop (pagos.wompi.mode=simulator): a web checkout page that checks the integrity signature as
 * Wompi does and lets the buyer approve or decline (a POST), then redirects with ?id=<transaction id> and sends a
 * transaction.updated event signed with the events secret to our webhook (or, with its third button, approves and
 * hands the event to Pagos as one it gave up on, for the review desk: {@link LocalAbandonedEvents}); GET /v1/transactions/{id}, which the
 * confirmation reads, and GET /v1/transactions?reference=, which the reconciliation job reads. Not part of production builds.
 */
@UnlessBuildProfile("prod")
@ApplicationScoped
public class WompiSimulator {

    private static final Logger LOG = Logger.getLogger(WompiSimulator.class);
    /** The checkout's third button: approved, and its event handed to Pagos as one it gave up on (the review desk). */
    static final String APPROVED_EVENT_ABANDONED = "APPROVED_EVENT_ABANDONED";

    private final WompiConfig config;
    private final WompiEndpoints endpoints;
    private final ObjectMapper json;
    private final Map<String, ObjectNode> transactions = new ConcurrentHashMap<>();
    // HTTP/1.1 as the provider speaks it: the JDK client's default h2c upgrade attempt on a POST once left a
    // simulated webhook hanging until its timeout in the browser tests.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final LocalAbandonedEvents abandonedEvents;

    WompiSimulator(WompiConfig config, WompiEndpoints endpoints, ObjectMapper json, LocalAbandonedEvents abandonedEvents) {
        this.config = config;
        this.endpoints = endpoints;
        this.json = json;
        this.abandonedEvents = abandonedEvents;
    }

    void registerRoutes(@Observes Router router) {
        if (config.mode() != WompiConfig.Mode.SIMULATOR) {
            return;
        }
        String base = WompiEndpoints.SIMULATOR_PATH;
        router.get(base + "/v1/transactions/:id").handler(rc -> {
            ObjectNode transaction = transactions.get(rc.pathParam("id"));
            rc.response().putHeader("content-type", "application/json").setStatusCode(transaction == null ? 404 : 200)
                    .end(transaction == null ? "{\"error\":{\"type\":\"NOT_FOUND_ERROR\"}}"
                            : json.createObjectNode().set("data", transaction).toString());
        });
        // The search by reference the reconciliation job uses; like Wompi, it needs the private key.
        router.get(base + "/v1/transactions").handler(rc -> {
            String reference = rc.request().getParam("reference");
            boolean authorised = config.privateKey().map(key -> ("Bearer " + key).equals(rc.request().getHeader("Authorization")))
                    .orElse(false);
            rc.response().putHeader("content-type", "application/json");
            if (!authorised) {
                rc.response().setStatusCode(401).end("{\"error\":{\"type\":\"INVALID_ACCESS_TOKEN\"}}");
                return;
            }
            if (reference == null || reference.isBlank()) {
                rc.response().setStatusCode(422).end("{\"error\":{\"type\":\"INPUT_VALIDATION_ERROR\"}}");
                return;
            }
            var data = json.createArrayNode();
            transactions.values().stream().filter(t -> reference.equals(t.path("reference").asText())).forEach(data::add);
            rc.response().end(json.createObjectNode().set("data", data).toString());
        });
        registerRecurringRoutes(router, base);
        router.get(base + "/p/").handler(this::checkoutPage);
        // Blocking: the third button records an event in the inbox, which waits on the database.
        router.post(base + "/p/pay").handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).blockingHandler(this::pay, false);
        LOG.infof("Wompi simulator at %s; events go to %s", endpoints.checkoutUrl(), endpoints.webhookUrl());
    }

    private void checkoutPage(RoutingContext rc) {
        if (!signed(rc)) {
            return;
        }
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("reference", "amount-in-cents", "currency", "redirect-url", "expiration-time",
                "signature:integrity")) {
            String value = rc.request().getParam(name);
            if (value != null) {
                hidden.append("<input type=hidden name=\"").append(name).append("\" value=\"").append(escape(value)).append("\">");
            }
        }
        String amount = Long.parseLong(rc.request().getParam("amount-in-cents")) / 100 + " COP";
        rc.response().putHeader("content-type", "text/html; charset=utf-8").end("""
                <!doctype html><meta name=viewport content="width=device-width"><title>Wompi simulator</title>
                <h1>Wompi simulator</h1><p>Pay <b>%s</b> for order %s</p>
                <form method=post action="pay">%s
                <button name=outcome value=APPROVED>Approve</button>
                <button name=outcome value=DECLINED>Decline</button>
                <button name=outcome value=%s>Approve; Pagos gives up on the event</button></form>"""
                .formatted(escape(amount), escape(rc.request().getParam("reference")), hidden, APPROVED_EVENT_ABANDONED));
    }

    private void pay(RoutingContext rc) {
        if (!signed(rc)) {
            return;
        }
        String outcome = rc.request().getParam("outcome");
        boolean abandon = APPROVED_EVENT_ABANDONED.equals(outcome);
        if (abandon) {
            outcome = "APPROVED";
        }
        if (!"APPROVED".equals(outcome) && !"DECLINED".equals(outcome)) {
            rc.response().setStatusCode(400).end("outcome is APPROVED, DECLINED or " + APPROVED_EVENT_ABANDONED);
            return;
        }
        String reference = rc.request().getParam("reference");
        boolean alreadyPaid = transactions.values().stream().anyMatch(t -> reference.equals(t.path("reference").asText())
                && "APPROVED".equals(t.path("status").asText()));
        if (alreadyPaid) {
            // Wompi takes one payment per reference: the buyer paid this checkout already.
            rc.response().setStatusCode(409).putHeader("content-type", "text/html")
                    .end("<h1>This checkout is already paid</h1>");
            return;
        }
        String id = "sim-" + UUID.randomUUID();
        ObjectNode transaction = json.createObjectNode()
                .put("id", id)
                .put("created_at", Instant.now().toString())
                .put("amount_in_cents", Long.parseLong(rc.request().getParam("amount-in-cents")))
                .put("reference", rc.request().getParam("reference"))
                .put("currency", rc.request().getParam("currency"))
                .put("payment_method_type", "CARD")
                .put("status", outcome);
        transactions.put(id, transaction);
        if (abandon) {
            // The review desk's case: the payment is made, and Pagos gave up on its only event (the buyer's page is
            // not told either: no redirect). A person replays the event from the desk.
            SignedEvent event = signedEvent(transaction);
            String eventId = abandonedEvents.abandon("wompi", Map.of(WompiWebhooks.CHECKSUM_HEADER, event.checksum()),
                    event.body().getBytes(StandardCharsets.UTF_8));
            rc.response().putHeader("content-type", "text/html; charset=utf-8").end("<h1>Transaction <span id=transaction>"
                    + escape(id) + "</span>: APPROVED</h1><p>Pagos gave up on its event <span id=event>" + escape(eventId)
                    + "</span>: it waits on the review desk.</p>");
            return;
        }
        sendEventLater(transaction);
        String redirect = rc.request().getParam("redirect-url");
        if (redirect == null || redirect.isBlank()) {
            rc.response().end("Transaction " + id + ": " + outcome);
            return;
        }
        rc.response().setStatusCode(303).putHeader("location", redirect + "?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8))
                .end();
    }

    // --- Recurring charges (issue 7) ----------------------------------------------------------------------------

    private final Map<String, String> tokenOutcomes = new ConcurrentHashMap<>();
    private final Map<String, String> sourceOutcomes = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong sourceIds = new java.util.concurrent.atomic.AtomicLong(1000);

    /**
     * Merchant acceptance, card tokens (the browser calls this with the public key, as with Wompi), payment sources
     * and transactions with a payment source, with the sandbox card rules: 4242 4242 4242 4242 approves, 4111 1111
     * 1111 1111 declines, any other number errors. A transaction is PENDING when made; a moment later it is decided
     * and its event, signed with the events secret, is sent to our webhook. The card number is only classified here.
     */
    private void registerRecurringRoutes(Router router, String base) {
        router.get(base + "/config").handler(rc -> json(rc, 200, json.createObjectNode()
                .put("publicKey", config.publicKey().orElse("")).put("apiBase", endpoints.apiBase().toString())));
        router.get(base + "/v1/merchants/:key").handler(rc -> {
            ObjectNode data = json.createObjectNode().put("id", 1).put("name", "Pagos simulator");
            data.putObject("presigned_acceptance").put("acceptance_token", "sim-acceptance-" + UUID.randomUUID())
                    .put("permalink", "https://wompi.example/terms");
            data.putObject("presigned_personal_data_auth").put("acceptance_token", "sim-personal-" + UUID.randomUUID());
            json(rc, 200, data(data));
        });
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(16 * 1024);
        router.post(base + "/v1/tokens/cards").handler(bodies).handler(rc -> {
            var body = rc.body().asJsonObject();
            String number = body == null ? "" : String.valueOf(body.getValue("number", "")).replace(" ", "");
            String cvc = body == null ? "" : String.valueOf(body.getValue("cvc", ""));
            if (!number.matches("\\d{12,19}") || !cvc.matches("\\d{3,4}")) {
                json(rc, 422, json.createObjectNode().set("error", json.createObjectNode().put("type", "INPUT_VALIDATION_ERROR")));
                return;
            }
            String token = "tok_sim_" + UUID.randomUUID().toString().replace("-", "");
            tokenOutcomes.put(token, outcomeOfCard(number));
            json(rc, 200, data(json.createObjectNode().put("id", token).put("status", "CREATED")
                    .put("last_four", number.substring(number.length() - 4))));
        });
        router.post(base + "/v1/payment_sources").handler(bodies).handler(rc -> {
            var body = rc.body().asJsonObject();
            String outcome = body == null ? null : tokenOutcomes.remove(String.valueOf(body.getValue("token")));
            if (outcome == null) {
                json(rc, 422, json.createObjectNode().set("error", json.createObjectNode().put("type", "INPUT_VALIDATION_ERROR")));
                return;
            }
            long id = sourceIds.incrementAndGet();
            sourceOutcomes.put(Long.toString(id), outcome);
            json(rc, 200, data(json.createObjectNode().put("id", id).put("type", "CARD").put("status", "AVAILABLE")));
        });
        router.post(base + "/v1/transactions").handler(bodies).handler(rc -> {
            var body = rc.body().asJsonObject();
            String source = body == null ? "" : String.valueOf(body.getValue("payment_source_id"));
            String outcome = sourceOutcomes.get(source);
            String reference = body == null ? null : body.getString("reference");
            boolean known = transactions.values().stream().anyMatch(t -> t.path("reference").asText().equals(reference));
            if (outcome == null || reference == null || known) {
                json(rc, 422, json.createObjectNode().set("error", json.createObjectNode().put("type", "INPUT_VALIDATION_ERROR")));
                return;
            }
            String id = "sim-" + UUID.randomUUID();
            ObjectNode transaction = json.createObjectNode().put("id", id).put("created_at", Instant.now().toString())
                    .put("amount_in_cents", body.getLong("amount_in_cents")).put("reference", reference)
                    .put("currency", body.getString("currency")).put("payment_method_type", "CARD")
                    .put("payment_source_id", Long.parseLong(source)).put("status", "PENDING");
            transactions.put(id, transaction);
            json(rc, 200, data(transaction.deepCopy()));
            java.util.concurrent.CompletableFuture.delayedExecutor(1, java.util.concurrent.TimeUnit.SECONDS).execute(() -> {
                transaction.put("status", outcome);
                sendEventLater(transaction);
            });
        });
        router.get(base + "/v1/transactions").handler(rc -> {
            String reference = rc.request().getParam("reference");
            var found = json.createArrayNode();
            transactions.values().stream().filter(t -> t.path("reference").asText().equals(reference)).forEach(found::add);
            json(rc, 200, data(found));
        });
    }

    private static String outcomeOfCard(String number) {
        return switch (number) {
            case "4242424242424242" -> "APPROVED";
            case "4111111111111111" -> "DECLINED";
            default -> "ERROR";
        };
    }

    private ObjectNode data(com.fasterxml.jackson.databind.JsonNode data) {
        ObjectNode body = json.createObjectNode();
        body.set("data", data);
        return body;
    }

    private static void json(RoutingContext rc, int status, ObjectNode body) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }

    /** As Wompi does: the checkout's parameters must carry the right integrity signature. */
    private boolean signed(RoutingContext rc) {
        var params = rc.request().params();
        String given = params.get("signature:integrity");
        boolean ok;
        try {
            ok = given != null && params.get("reference") != null && params.get("currency") != null && WompiSignatures.sameChecksum(WompiSignatures.integrity(params.get("reference"),
                    Long.parseLong(params.get("amount-in-cents")), params.get("currency"), params.get("expiration-time"),
                    config.integritySecret().orElse("")), given);
        } catch (NumberFormatException e) {
            ok = false;
        }
        if (!ok) {
            rc.response().setStatusCode(403).putHeader("content-type", "text/html").end("<h1>Invalid integrity signature</h1>");
        }
        return ok;
    }

    private record SignedEvent(String body, String checksum) {
    }

    /** The transaction.updated event about the transaction as it stands, signed with the events secret. */
    private SignedEvent signedEvent(ObjectNode transaction) {
        long timestamp = Instant.now().getEpochSecond();
        String checksum = WompiSignatures.eventChecksum(List.of(transaction.path("id").asText(),
                transaction.path("status").asText(), transaction.path("amount_in_cents").asText()),
                Long.toString(timestamp), config.eventsSecret().orElse(""));
        ObjectNode event = json.createObjectNode().put("event", WompiWebhooks.TRANSACTION_UPDATED);
        event.putObject("data").set("transaction", transaction);
        event.put("environment", "test");
        ObjectNode signature = event.putObject("signature");
        signature.putArray("properties").add("transaction.id").add("transaction.status").add("transaction.amount_in_cents");
        signature.put("checksum", checksum);
        event.put("timestamp", timestamp).put("sent_at", Instant.now().toString());
        return new SignedEvent(event.toString(), checksum);
    }

    private void sendEventLater(ObjectNode transaction) {
        SignedEvent event = signedEvent(transaction);
        HttpRequest request = HttpRequest.newBuilder(endpoints.webhookUrl()).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").header(WompiWebhooks.CHECKSUM_HEADER, event.checksum())
                .POST(HttpRequest.BodyPublishers.ofString(event.body())).build();
        // After the redirect, as Wompi does: the buyer's page and the event race, and either may arrive first.
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure != null) {
                LOG.warnf("Wompi simulator could not deliver the event for %s: %s", transaction.path("id").asText(),
                        failure.getMessage());
            } else {
                LOG.infof("Wompi simulator event %s -> %d", transaction.path("id").asText(), response.statusCode());
            }
        });
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
