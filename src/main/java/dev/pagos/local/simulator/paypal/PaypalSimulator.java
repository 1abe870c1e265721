package dev.pagos.local.simulator.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagos.provider.paypal.PaypalConfig;
import dev.pagos.provider.paypal.PaypalEndpoints;
import dev.pagos.provider.paypal.PaypalWebhookSigner;
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
 * calls, with PayPal-Request-Id idempotency, and an approval page like PayPal's. Opening the page (scan the QR
 * code, or click the link) only shows it, since a link preview or prefetch must not pay; the buyer then posts
 * Pay, Decline or Cancel. Pay approves the order and sends a signed CHECKOUT.ORDER.APPROVED webhook, and after
 * a capture a signed PAYMENT.CAPTURE.COMPLETED, exactly as PayPal would. Decline approves too, but the capture
 * is then refused the way PayPal refuses a card the bank declined (422 INSTRUMENT_DECLINED), so a failed payment
 * can be seen locally. Cancel changes nothing, like PayPal's "Cancel and return". Pay and Decline send the buyer
 * to the order's return_url, Cancel to its cancel_url. Signatures use a key and certificate made at start-up;
 * the certificate is served where the webhook verifier downloads it from in local mode.
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
    // HTTP/1.1 as the provider speaks it: the JDK client's default h2c upgrade attempt on a POST once left a
    // simulated webhook hanging until its timeout in the browser tests.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private PaypalWebhookSigner signer;

    private static final class SimulatedOrder {
        final String id;
        final JsonNode purchaseUnit;
        final String returnUrl;
        final String cancelUrl;
        volatile String status = "PAYER_ACTION_REQUIRED";
        volatile String captureId;
        /** COMPLETED until a refund (PayPal's capture status REFUNDED afterwards). */
        volatile String captureStatus = "COMPLETED";
        volatile String refundId;
        /** The buyer chose Decline: the bank will refuse the capture. */
        volatile boolean declined;

        SimulatedOrder(String id, JsonNode purchaseUnit, String returnUrl, String cancelUrl) {
            this.id = id;
            this.purchaseUnit = purchaseUnit;
            this.returnUrl = returnUrl;
            this.cancelUrl = cancelUrl;
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
        router.post(base + "/v2/payments/captures/:captureId/refund").handler(this::refund);
        router.get(base + "/v2/checkout/orders/:id").handler(rc -> withOrder(rc, order -> reply(rc, 200, orderJson(order))));
        router.get(base + "/checkoutnow").handler(this::approvalPage);
        router.post(base + "/checkoutnow").handler(this::buyerDecision);
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
            String body = rc.body().asString();
            JsonNode request = json.readTree(body == null ? "" : body);
            JsonNode unit = request.path("purchase_units").path(0);
            if (!"CAPTURE".equals(request.path("intent").asText()) || unit.path("amount").path("value").asText().isEmpty()) {
                return new Answer(422, error("UNPROCESSABLE_ENTITY", "intent CAPTURE and an amount are required"));
            }
            JsonNode experience = request.path("payment_source").path("paypal").path("experience_context");
            SimulatedOrder order = new SimulatedOrder(newPaypalId(), unit, experience.path("return_url").asText(null),
                    experience.path("cancel_url").asText(null));
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
            if (order.declined) {
                // What PayPal answers when the buyer's bank refuses the funding source; no capture is made.
                return new Answer(422, unprocessable("INSTRUMENT_DECLINED", "The instrument presented was either declined"
                        + " by the processor or bank, or it can't be used for this payment."));
            }
            order.status = "COMPLETED";
            order.captureId = newPaypalId();
            ObjectNode captured = orderJson(order);
            sendWebhookLater("PAYMENT.CAPTURE.COMPLETED", captureResource(order));
            return new Answer(201, captured);
        }));
    }

    /**
     * Payments v2 captures.refund, a full refund (an empty body): 201 with the refund COMPLETED, the capture REFUNDED
     * from then on, and a signed PAYMENT.CAPTURE.REFUNDED event. The same PayPal-Request-Id gets the same answer;
     * a second refund of the capture is PayPal's 422 CAPTURE_FULLY_REFUNDED.
     */
    private void refund(RoutingContext rc) {
        if (!authorized(rc)) {
            return;
        }
        String captureId = rc.pathParam("captureId");
        SimulatedOrder order = orders.values().stream().filter(o -> captureId.equals(o.captureId)).findFirst().orElse(null);
        if (order == null) {
            reply(rc, 404, error("RESOURCE_NOT_FOUND", "The specified resource does not exist."));
            return;
        }
        idempotent(rc, () -> {
            if ("REFUNDED".equals(order.captureStatus)) {
                return new Answer(422, unprocessable("CAPTURE_FULLY_REFUNDED", "The capture has already been fully refunded"));
            }
            order.captureStatus = "REFUNDED";
            order.refundId = newPaypalId();
            ObjectNode refund = json.createObjectNode().put("id", order.refundId).put("status", "COMPLETED");
            refund.set("amount", order.purchaseUnit.path("amount").deepCopy());
            refund.put("custom_id", order.purchaseUnit.path("custom_id").asText());
            ObjectNode resource = refund.deepCopy();
            resource.putObject("supplementary_data").putObject("related_ids").put("order_id", order.id)
                    .put("capture_id", captureId);
            sendWebhookLater("PAYMENT.CAPTURE.REFUNDED", resource);
            return new Answer(201, refund);
        });
    }

    /** GET only shows the order and the buyer's choices: nothing a crawler or a preview does can pay. */
    private void approvalPage(RoutingContext rc) {
        SimulatedOrder order = pageOrder(rc);
        if (order == null) {
            return;
        }
        if (!"PAYER_ACTION_REQUIRED".equals(order.status)) {
            page(rc, 200, "This payment was already " + (order.declined ? "declined" : "approved") + ".",
                    "You can close this page and go back to the app.");
            return;
        }
        page(rc, 200, "Pay <b>" + html(amountOf(order)) + "</b> to Pagos for " + html(order.purchaseUnit.path("description")
                .asText("your order")) + "?", """
                <form method="post">
                <input type="hidden" name="token" value="%1$s">
                <button name="action" value="pay" style="background:#0070ba;color:#fff">Pay now</button>
                <button name="action" value="decline" style="background:#fff;color:#b91c1c;border:2px solid #b91c1c">Pay with a card the bank declines</button>
                <button name="action" value="cancel" style="background:#fff;color:#0070ba;border:2px solid #0070ba">Cancel and return to Pagos</button>
                </form>""".formatted(html(order.id)));
    }

    /** The buyer's choice, posted from the approval page. */
    private void buyerDecision(RoutingContext rc) {
        SimulatedOrder order = pageOrder(rc);
        if (order == null) {
            return;
        }
        String action = rc.request().getFormAttribute("action");
        if (!"pay".equals(action) && !"decline".equals(action) && !"cancel".equals(action)) {
            page(rc, 400, "Unknown choice.", "Choose Pay, Decline or Cancel on the approval page.");
            return;
        }
        if (!"PAYER_ACTION_REQUIRED".equals(order.status)) {
            page(rc, 409, "This payment was already " + (order.declined ? "declined" : "approved") + ".",
                    "You can close this page and go back to the app.");
            return;
        }
        if ("cancel".equals(action)) {
            // PayPal tells the merchant nothing when the buyer cancels: the order just stays unapproved.
            finish(rc, order.cancelUrl, order, "Payment cancelled.");
            return;
        }
        order.declined = "decline".equals(action);
        order.status = "APPROVED";
        sendWebhookLater("CHECKOUT.ORDER.APPROVED", orderJson(order));
        finish(rc, order.returnUrl, order, "Payment of <b>" + html(amountOf(order)) + "</b> approved.");
    }

    /** The order named by the page's token; a missing or unknown token is the buyer's 400 or 404, as a page. */
    private SimulatedOrder pageOrder(RoutingContext rc) {
        String token = rc.request().getParam("token");
        if (token == null || token.isBlank()) {
            page(rc, 400, "No PayPal order given.", "The link must end in ?token= and the order id.");
            return null;
        }
        SimulatedOrder order = orders.get(token);
        if (order == null) {
            page(rc, 404, "Unknown PayPal order.", "This simulator does not know that order; it forgets orders when it restarts.");
        }
        return order;
    }

    /** Back to the merchant like PayPal does (303, so the browser GETs the page), or a closing page without a URL. */
    private void finish(RoutingContext rc, String merchantUrl, SimulatedOrder order, String headline) {
        if (merchantUrl == null || merchantUrl.isBlank()) {
            page(rc, 200, headline, "You can close this page and go back to the app.");
            return;
        }
        String separator = merchantUrl.contains("?") ? "&" : "?";
        rc.response().setStatusCode(303)
                .putHeader("location", merchantUrl + separator + "token=" + order.id + "&PayerID=SIMPAYER" + order.id.substring(0, 6))
                .end();
    }

    private static void page(RoutingContext rc, int status, String headline, String body) {
        rc.response().setStatusCode(status).putHeader("content-type", "text/html; charset=utf-8").end("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>PayPal simulator</title><style>body{font-family:sans-serif;text-align:center;max-width:28rem;margin:2rem auto;padding:0 1rem}
                button{display:block;width:100%%;min-height:48px;margin:.6rem 0;border:0;border-radius:24px;font-size:1rem;cursor:pointer}</style>
                </head><body><h1>PayPal simulator</h1><p>%s</p>%s</body></html>""".formatted(headline, body));
    }

    private static String amountOf(SimulatedOrder order) {
        return order.purchaseUnit.path("amount").path("value").asText() + " "
                + order.purchaseUnit.path("amount").path("currency_code").asText();
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
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
        ObjectNode capture = json.createObjectNode().put("id", order.captureId).put("status", order.captureStatus);
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
