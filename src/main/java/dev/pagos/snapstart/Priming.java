package dev.pagos.snapstart;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.catalog.CatalogService;
import dev.pagos.error.PagosException;
import dev.pagos.function.Routes;
import dev.pagos.order.OrderService;
import dev.pagos.provider.PaymentProviders;
import dev.pagos.qr.QrCodes;
import dev.pagos.queue.QueueMessage;
import dev.pagos.queue.SqsEvents;
import dev.pagos.security.Authenticator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs the code a function's first request needs, before the SnapStart snapshot, writing nothing: Jackson (the
 * API Gateway event and our JSON), JWT parsing and the verification key (a well-formed token the key does not
 * verify), the SQL of the function's reads (for a user who owns nothing; reads only), the QR encoder, the
 * PayPal REST client and the webhook verifier (an unsigned event, rejected), the renewal worker (a stale message,
 * dropped). Everything that fails here fails the way it is meant to (not found, unauthenticated, rejected); nothing
 * is created, changed or sent anywhere.
 */
@ApplicationScoped
public class Priming {

    static final String PRIMING_USER = "snapstart-priming";
    private static final Logger LOG = Logger.getLogger(Priming.class);

    private final ObjectMapper json;
    private final Authenticator authenticator;
    private final CatalogService catalog;
    private final OrderService orders;
    private final PaymentProviders providers;
    /** The functions by name: priming runs the instance's own one where its path is the function itself. */
    private final Instance<RequestHandler<Map<String, Object>, Map<String, Object>>> functions;

    Priming(ObjectMapper json, Authenticator authenticator, CatalogService catalog, OrderService orders,
            PaymentProviders providers, @Any Instance<RequestHandler<Map<String, Object>, Map<String, Object>>> functions) {
        this.functions = functions;
        this.json = json;
        this.authenticator = authenticator;
        this.catalog = catalog;
        this.orders = orders;
        this.providers = providers;
    }

    /** @param handler the function's QUARKUS_LAMBDA_HANDLER */
    public void prime(String handler) throws Exception {
        long started = System.nanoTime();
        json.readValue(json.writeValueAsBytes(sampleEvent()), APIGatewayV2HTTPEvent.class);
        String token = unverifiableToken();
        expectFailure(() -> authenticator.fromToken(token));
        switch (handler) {
            case Routes.CATALOG_LIST -> catalog.listActiveProducts();
            case Routes.ORDER_GET -> expectFailure(() -> orders.buyersOrder(PRIMING_USER, UUID.randomUUID()));
            case Routes.MY_PRODUCTS -> orders.ownedProducts(PRIMING_USER);
            case Routes.ORDER_CREATE -> {
                catalog.listActiveProducts();
                expectFailure(() -> orders.buyersOrder(PRIMING_USER, UUID.randomUUID()));
                // The order's first read, for a product that does not exist: refused before anything is written.
                expectFailure(() -> orders.placeOrder(PRIMING_USER, "snapstart-priming-no-such-product", "paypal"));
                providers.checkout(dev.pagos.provider.ProviderName.PAYPAL);
                QrCodes.pngDataUrl("https://www.paypal.com/checkoutnow?token=SNAPSTART-PRIMING");
            }
            case Routes.PROVIDER_WEBHOOK -> expectFailure(() -> providers.webhookVerifier("paypal")
                    .verify(Map.of(), "{}".getBytes(StandardCharsets.UTF_8)));
            // A message of a dispatch that is over (a random subscription and claim token): the SQS event read, the
            // take (one UPDATE that matches no row), dropped as stale. Nothing is written and Wompi is not called.
            case Routes.RENEWAL_WORKER -> functions.select(NamedLiteral.of(Routes.RENEWAL_WORKER)).get().handleRequest(
                    SqsEvents.event(List.of(new QueueMessage("snapstart-priming", "{\"subscription_id\":\""
                            + UUID.randomUUID() + "\",\"claim_token\":\"" + UUID.randomUUID() + "\"}", 1)),
                            "arn:aws:sqs:priming"), null);
            // The page's one read, for an order that does not exist; nothing is written.
            case Routes.PAYMENTSWAY_CHECKOUT_PAGE -> orders.payableCheckout(UUID.randomUUID(),
                    dev.pagos.provider.ProviderName.PAYMENTSWAY);
            default -> {
                // Scheduled and WebSocket functions: the shared parts above are what they have in common.
            }
        }
        LOG.infof("Primed %s for the snapshot in %d ms", handler, (System.nanoTime() - started) / 1_000_000);
    }

    private static Map<String, Object> sampleEvent() {
        return Map.of("version", "2.0", "routeKey", "GET /products", "rawPath", "/products",
                "headers", Map.of("content-type", "application/json"),
                "requestContext", Map.of("http", Map.of("method", "GET", "path", "/products")));
    }

    /** Well-formed, signed with a key of its own: the configured key is loaded and refuses it. */
    private static String unverifiableToken() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair keys = generator.generateKeyPair();
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"sub\":\"" + PRIMING_USER + "\",\"exp\":" + (System.currentTimeMillis()
                / 1000 + 60) + "}").getBytes(StandardCharsets.UTF_8));
        java.security.Signature signature = java.security.Signature.getInstance("SHA256withRSA");
        signature.initSign(keys.getPrivate());
        signature.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + base64.encodeToString(signature.sign());
    }

    private static void expectFailure(Runnable call) {
        try {
            call.run();
        } catch (PagosException | dev.pagos.provider.WebhookRejectedException e) {
            // the outcome a request that writes nothing gets
        }
    }
}
