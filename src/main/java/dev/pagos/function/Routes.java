package dev.pagos.function;

import java.util.List;

/**
 * The HTTP API: which function serves which route. template.yaml declares the same routes for API
 * Gateway; the local gateway serves them from this table.
 */
public final class Routes {

    public static final String CATALOG_LIST = "catalog-list";
    public static final String ORDER_CREATE = "order-create";
    public static final String ORDER_GET = "order-get";
    public static final String ORDER_CANCEL = "order-cancel";
    public static final String MY_ORDERS = "my-orders";
    public static final String MY_PRODUCTS = "my-products";
    // The wallet.
    public static final String MY_WALLET = "my-wallet";
    public static final String MY_WALLET_ENTRIES = "my-wallet-entries";
    public static final String PROVIDER_WEBHOOK = "provider-webhook";
    public static final String WS_CONNECT = "ws-connect";
    public static final String WS_DISCONNECT = "ws-disconnect";
    public static final String DB_MIGRATE = "db-migrate";
    public static final String ORDERS_RECONCILE = "orders-reconcile";
    // Plans, assistants and add-ons.
    public static final String OFFERS_LIST = "offers-list";
    public static final String QUOTE = "quote";
    public static final String PAYMENT_CONFIRM = "payment-confirm";
    // Subscriptions.
    public static final String SUBSCRIPTION_CREATE = "subscription-create";
    public static final String SUBSCRIPTION_GET = "subscription-get";
    public static final String SUBSCRIPTION_UPDATE = "subscription-update";
    public static final String SUBSCRIPTION_CANCEL = "subscription-cancel";
    public static final String SUBSCRIPTION_LIST = "subscription-list";
    public static final String SUBSCRIPTIONS_RENEW = "subscriptions-renew";
    // Consumes the renewal queue that subscriptions-renew fills (SQS event source).
    public static final String RENEWAL_WORKER = "renewal-worker";
    // PaymentsWay: the page that posts its checkout form.
    public static final String PAYMENTSWAY_CHECKOUT_PAGE = "paymentsway-checkout-page";
    // Admin: read-only metrics.
    public static final String ADMIN_METRICS = "admin-metrics";
    // Admin: the review desk.
    public static final String ADMIN_REVIEW = "admin-review";
    public static final String ADMIN_ORDER_REFUND = "admin-order-refund";
    public static final String ADMIN_ORDER_ACCEPT = "admin-order-accept";
    public static final String ADMIN_ORDER_REJECT = "admin-order-reject";
    public static final String ADMIN_CHARGE_REFUND = "admin-charge-refund";
    public static final String ADMIN_CHARGE_ACCEPT = "admin-charge-accept";
    public static final String ADMIN_CHARGE_REJECT = "admin-charge-reject";
    public static final String ADMIN_EVENT_REPLAY = "admin-event-replay";
    // Admin: wallet adjustments.
    public static final String ADMIN_WALLET_ADJUSTMENT = "admin-wallet-adjustment";

    public record Route(String method, String path, String handler) {

        /** "GET /orders/{orderId}", API Gateway's route key. */
        public String routeKey() {
            return method + " " + path;
        }

        /** Whether a request path fits this route's template, whatever the method. */
        public boolean matchesPath(String requestPath) {
            return requestPath.matches(path.replaceAll("\\{\\w+}", "[^/]+"));
        }
    }

    public static final List<Route> HTTP = List.of(
            new Route("GET", "/products", CATALOG_LIST),
            new Route("POST", "/orders", ORDER_CREATE),
            new Route("GET", "/orders/{orderId}", ORDER_GET),
            new Route("POST", "/orders/{orderId}/cancel", ORDER_CANCEL),
            new Route("GET", "/me/orders", MY_ORDERS),
            new Route("GET", "/me/products", MY_PRODUCTS),
            new Route("GET", "/me/wallet", MY_WALLET),
            new Route("GET", "/me/wallet/entries", MY_WALLET_ENTRIES),
            new Route("POST", "/webhooks/{provider}", PROVIDER_WEBHOOK),
            // Plans, assistants and add-ons.
            new Route("GET", "/plans", OFFERS_LIST),
            new Route("GET", "/assistants", OFFERS_LIST),
            new Route("GET", "/addons", OFFERS_LIST),
            new Route("POST", "/quotes", QUOTE),
            new Route("GET", "/payments/{provider}/{paymentId}", PAYMENT_CONFIRM),
            // Subscriptions.
            new Route("POST", "/subscriptions", SUBSCRIPTION_CREATE),
            new Route("GET", "/subscriptions", SUBSCRIPTION_LIST),
            new Route("GET", "/subscriptions/{workspaceId}", SUBSCRIPTION_GET),
            new Route("PATCH", "/subscriptions/{workspaceId}", SUBSCRIPTION_UPDATE),
            new Route("PATCH", "/subscriptions/{workspaceId}/payment", SUBSCRIPTION_UPDATE),
            new Route("DELETE", "/subscriptions/{workspaceId}/cancel", SUBSCRIPTION_CANCEL),
            // PaymentsWay: the page that posts its checkout form.
            new Route("GET", "/checkout/paymentsway/{orderId}", PAYMENTSWAY_CHECKOUT_PAGE),
            // Admin: read-only metrics.
            new Route("GET", "/admin/metrics", ADMIN_METRICS),
            // Admin: the review desk.
            new Route("GET", "/admin/review", ADMIN_REVIEW),
            new Route("POST", "/admin/orders/{orderId}/refund", ADMIN_ORDER_REFUND),
            new Route("POST", "/admin/orders/{orderId}/accept", ADMIN_ORDER_ACCEPT),
            new Route("POST", "/admin/orders/{orderId}/reject", ADMIN_ORDER_REJECT),
            new Route("POST", "/admin/charges/{chargeId}/refund", ADMIN_CHARGE_REFUND),
            new Route("POST", "/admin/charges/{chargeId}/accept", ADMIN_CHARGE_ACCEPT),
            new Route("POST", "/admin/charges/{chargeId}/reject", ADMIN_CHARGE_REJECT),
            new Route("POST", "/admin/webhook-events/{eventId}/replay", ADMIN_EVENT_REPLAY),
            // Admin: wallet adjustments.
            new Route("POST", "/admin/wallets/{userId}/adjustments", ADMIN_WALLET_ADJUSTMENT));

    /** "POST /orders": the route key of the HTTP route the handler serves. */
    public static String routeKeyOf(String handler) {
        return HTTP.stream().filter(route -> route.handler().equals(handler)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No HTTP route is served by " + handler))
                .routeKey();
    }

    private Routes() {
    }
}
