package dev.pagos.provider.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A PayPal sandbox on the laptop (pagos.paypal.mode=simulator): the Orders v2 and OAuth2 endpoints Pagos
 * calls, with PayPal-Request-Id idempotency; an approval page that approves the order when opened (scan the
 * QR code, or click the link) and then sends a signed CHECKOUT.ORDER.APPROVED webhook, and after a capture a
 * signed PAYMENT.CAPTURE.COMPLETED, exactly as PayPal would. Signatures use a key and certificate made at
 * start-up; the certificate is served where the webhook verifier downloads it from in local mode.
 */
@UnlessBuildProfile("prod")
@ApplicationScoped
public class PaypalSimulator {

    private static final Logger LOG = Logger.getLogger(PaypalSimulator.class);
    static final String CERT_PATH = "/v1/notifications/certs/CERT-pagos-simulator";

    private final PaypalConfig config;
    private final PaypalEndpoints endpoints;
    private final ObjectMapper json;
    private final URI webhookUrl;
    private final Map<String, SimulatedOrder> orders = new ConcurrentHashMap<>();
    /** PayPal-Request-Id -> the answer given the first time, replayed for a repeat. */
    private final Map<String, String> answered = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PaypalWebhookSigner signer;

    private static final class SimulatedOrder {
        final String id;
        final JsonNode purchaseUnit;
        volatile String status = "PAYER_ACTION_REQUIRED";
        volatile String captureId;

        SimulatedOrder(String id, JsonNode purchaseUnit) {
            this.id = id;
            this.purchaseUnit = purchaseUnit;
        }
    }

    PaypalSimulator(PaypalConfig config, PaypalEndpoints endpoints, ObjectMapper json,
            @ConfigProperty(name = "pagos.public-base-url") String publicBaseUrl) {
        this.config = config;
        this.endpoints = endpoints;
        this.json = json;
        this.webhookUrl = URI.create(publicBaseUrl.replaceAll("/+$", "") + "/webhooks/paypal");
    }

    void registerRoutes(@Observes Router router) {
        if (config.mode() != PaypalConfig.Mode.SIMULATOR) {
            return;
        }
        // Only built when used, so no key is made (and BouncyCastle not loaded) outside simulator mode.
        signer = PaypalWebhookSigner.generate("https://api.sandbox.paypal.com" + CERT_PATH);
        String base = PaypalEndpoints.SIMULATOR_PATH;
        router.post(base + "/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        router.post(base + "/v1/oauth2/token").handler(this::token);
        router.post(base + "/v2/checkout/orders").handler(this::createOrder);
        router.post(base + "/v2/checkout/orders/:id/capture").handler(this::capture);
        router.get(base + "/v2/checkout/orders/:id").handler(rc -> withOrder(rc, order -> reply(rc, 200, orderJson(order))));
        router.get(base + "/checkoutnow").handler(this::approvalPage);
        router.get(base + CERT_PATH).handler(rc -> rc.response().putHeader("content-type", "application/x-pem-file")
                .end(signer.certificatePem()));
        LOG.infof("PayPal simulator at %s; webhooks go to %s", endpoints.simulatorBase(), webhookUrl);
    }

    private void token(RoutingContext rc) {
        String authorization = rc.request().getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Basic ")) {
            reply(rc, 401, error("invalid_client", "Client Authentication failed"));
            return;
        }
        ObjectNode token = json.createObjectNode()
                .put("scope", "https://uri.paypal.com/services/payments/payment")
                .put("access_token", "A21AA-simulator-" + UUID.randomUUID())
                .put("token_type", "Bearer")
                .put("app_id", "APP-SIMULATOR")
                .put("expires_in", 32400)
                .put("nonce", Instant.now().toString());
        reply(rc, 200, token);
    }

    private void createOrder(RoutingContext rc) {
        if (!authorized(rc)) {
            return;
        }
        idempotent(rc, () -> {
            JsonNode request = json.readTree(rc.body().asString());
            JsonNode unit = request.path("purchase_units").path(0);
            if (!"CAPTURE".equals(request.path("intent").asText()) || unit.path("amount").path("value").asText().isEmpty()) {
                return new Answer(422, error("UNPROCESSABLE_ENTITY", "intent CAPTURE and an amount are required"));
            }
            SimulatedOrder order = new SimulatedOrder(newPaypalId(), unit);
            orders.put(order.id, order);
            return new Answer(200, orderJson(order));
        });
    }

    private void capture(RoutingContext rc) {
        if (!authorized(rc)) {
            return;
        }
        withOrder(rc, order -> idempotent(rc, () -> {
            if ("COMPLETED".equals(order.status)) {
                return new Answer(422, unprocessable("ORDER_ALREADY_CAPTURED", "Order already captured."));
            }
            if (!"APPROVED".equals(order.status)) {
                return new Answer(422, unprocessable("ORDER_NOT_APPROVED", "Payer has not yet approved the Order."));
            }
            order.status = "COMPLETED";
            order.captureId = newPaypalId();
            ObjectNode captured = orderJson(order);
            sendWebhookLater("PAYMENT.CAPTURE.COMPLETED", captureResource(order));
            return new Answer(201, captured);
        }));
    }

    private void approvalPage(RoutingContext rc) {
        SimulatedOrder order = orders.get(rc.request().getParam("token"));
        if (order == null) {
            rc.response().setStatusCode(404).putHeader("content-type", "text/html").end("<h1>Unknown PayPal order</h1>");
            return;
        }
        if ("PAYER_ACTION_REQUIRED".equals(order.status)) {
            order.status = "APPROVED";
            sendWebhookLater("CHECKOUT.ORDER.APPROVED", orderJson(order));
        }
        String amount = order.purchaseUnit.path("amount").path("value").asText() + " "
                + order.purchaseUnit.path("amount").path("currency_code").asText();
        rc.response().putHeader("content-type", "text/html; charset=utf-8").end("""
                <!doctype html><html><head><meta name="viewport" content="width=device-width">
                <title>PayPal simulator</title></head><body style="font-family:sans-serif;text-align:center">
                <h1>PayPal simulator</h1><p>Payment of <b>%s</b> approved.</p>
                <p>You can close this page and go back to the app.</p></body></html>""".formatted(amount));
    }

    private ObjectNode orderJson(SimulatedOrder order) {
        ObjectNode node = json.createObjectNode().put("id", order.id).put("intent", "CAPTURE").put("status", order.status);
        ObjectNode unit = node.putArray("purchase_units").addObject();
        unit.setAll((ObjectNode) order.purchaseUnit.deepCopy());
        if (order.captureId != null) {
            unit.putObject("payments").putArray("captures").add(captureResource(order));
        }
        String approve = endpoints.simulatorBase() + "/checkoutnow?token=" + order.id;
        node.putArray("links")
                .add(json.createObjectNode().put("href", endpoints.simulatorBase() + "/v2/checkout/orders/" + order.id)
                        .put("rel", "self").put("method", "GET"))
                .add(json.createObjectNode().put("href", approve).put("rel", "payer-action").put("method", "GET"));
        return node;
    }

    private ObjectNode captureResource(SimulatedOrder order) {
        ObjectNode capture = json.createObjectNode().put("id", order.captureId).put("status", "COMPLETED");
        capture.set("amount", order.purchaseUnit.path("amount").deepCopy());
        capture.put("custom_id", order.purchaseUnit.path("custom_id").asText());
        capture.put("final_capture", true);
        capture.putObject("supplementary_data").putObject("related_ids").put("order_id", order.id);
        return capture;
    }

    private void sendWebhookLater(String eventType, ObjectNode resource) {
        ObjectNode event = json.createObjectNode()
                .put("id", "WH-SIM-" + UUID.randomUUID())
                .put("event_version", "1.0")
                .put("create_time", Instant.now().toString())
                .put("resource_type", eventType.startsWith("PAYMENT.CAPTURE") ? "capture" : "checkout-order")
                .put("event_type", eventType)
                .put("summary", "Simulated " + eventType);
        event.set("resource", resource);
        byte[] body = event.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(webhookUrl)
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signer.sign(config.webhookId().orElse(""), body).forEach(request::header);
        // Asynchronous, like PayPal: the approval page must not wait for our own webhook handling.
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure != null) {
                LOG.warnf("Simulated %s webhook not delivered: %s", eventType, failure.getMessage());
            } else {
                LOG.infof("Simulated %s webhook answered %d", eventType, response.statusCode());
            }
        });
    }

    private interface AnswerSupplier {
        Answer get() throws IOException;
    }

    private record Answer(int status, JsonNode body) {
    }

    private void idempotent(RoutingContext rc, AnswerSupplier work) {
        String requestId = rc.request().getHeader("PayPal-Request-Id");
        String key = requestId == null ? null : rc.request().path() + "|" + requestId;
        String previous = key == null ? null : answered.get(key);
        if (previous != null) {
            rc.response().setStatusCode(200).putHeader("content-type", "application/json").end(previous);
            return;
        }
        try {
            Answer answer = work.get();
            if (key != null && answer.status() < 300) {
                answered.put(key, answer.body().toString());
            }
            reply(rc, answer.status(), answer.body());
        } catch (IOException e) {
            reply(rc, 400, error("INVALID_REQUEST", "Request is not well-formed"));
        }
    }

    private void withOrder(RoutingContext rc, java.util.function.Consumer<SimulatedOrder> action) {
        SimulatedOrder order = orders.get(rc.pathParam("id"));
        if (order == null) {
            reply(rc, 404, error("RESOURCE_NOT_FOUND", "The specified resource does not exist."));
            return;
        }
        action.accept(order);
    }

    private boolean authorized(RoutingContext rc) {
        String authorization = rc.request().getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer A21AA-simulator-")) {
            reply(rc, 401, error("AUTHENTICATION_FAILURE", "Authentication failed due to invalid authentication credentials"));
            return false;
        }
        return true;
    }

    private ObjectNode error(String name, String message) {
        return json.createObjectNode().put("name", name).put("message", message);
    }

    private ObjectNode unprocessable(String issue, String description) {
        ObjectNode error = error("UNPROCESSABLE_ENTITY", "The requested action could not be performed.");
        error.putArray("details").addObject().put("issue", issue).put("description", description);
        return error;
    }

    private static void reply(RoutingContext rc, int status, JsonNode body) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }

    private static String newPaypalId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 17).toUpperCase(Locale.ROOT);
    }
}
