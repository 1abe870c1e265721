package dev.pagos.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.pagos.error.ErrorCode;
import dev.pagos.push.ConnectionsApi;
import dev.pagos.push.PushService;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Local mode's stand-in for API Gateway's WebSocket API. A browser connects to {@code ws://host/ws?token=..};
 * the gateway calls the same $connect and $disconnect functions Lambda runs, and serves the Management
 * API ({@code POST /ws-api/@connections/{id}}) that {@link ConnectionsApi} posts to, answering 410 Gone for
 * connections it does not hold, as API Gateway does, and refusing callers without the
 * {@link LocalGatewayCredential}. Not part of production builds.
 */
@UnlessBuildProfile("prod")
@ApplicationScoped
public class LocalWebSocketGateway {

    private static final Logger LOG = Logger.getLogger(LocalWebSocketGateway.class);
    public static final String WEBSOCKET_PATH = "/ws";
    private static final String MANAGEMENT_PATH = "/ws-api/@connections/:connectionId";

    private final Map<String, ServerWebSocket> sockets = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> onConnect;
    private final RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> onDisconnect;
    private final LocalGatewayCredential credential;

    LocalWebSocketGateway(@Any Instance<RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> functions,
            LocalGatewayCredential credential) {
        this.credential = credential;
        this.onConnect = functions.select(NamedLiteral.of(dev.pagos.function.Routes.WS_CONNECT)).get();
        this.onDisconnect = functions.select(NamedLiteral.of(dev.pagos.function.Routes.WS_DISCONNECT)).get();
    }

    void registerRoutes(@Observes Router router) {
        router.get(WEBSOCKET_PATH).handler(this::connect);
        // Its own route, ahead of the body handler (Vert.x puts body handlers first on a route): a caller
        // without the credential is refused before its body is read.
        router.post(MANAGEMENT_PATH).handler(this::requireCredential);
        router.post(MANAGEMENT_PATH).handler(BodyHandler.create(false).setBodyLimit(PushService.MAX_MESSAGE_BYTES))
                .handler(this::postToConnection);
    }

    /** API Gateway checks a SigV4 signature here; locally, the secret only our own client was given. */
    private void requireCredential(RoutingContext rc) {
        if (credential.matches(rc.request().getHeader(LocalGatewayCredential.HEADER))) {
            rc.next();
            return;
        }
        // The error type header is what the AWS SDK maps to its ForbiddenException.
        rc.response().putHeader("x-amzn-ErrorType", "ForbiddenException");
        LocalHttpErrors.send(rc.response(), ErrorCode.FORBIDDEN, "Only Pagos itself may post to connections");
    }

    private void connect(RoutingContext rc) {
        String connectionId = newConnectionId();
        APIGatewayV2WebSocketEvent event = event("$connect", "CONNECT", connectionId);
        Map<String, String> query = new HashMap<>();
        rc.request().params().names().forEach(name -> query.put(name, rc.request().getParam(name)));
        event.setQueryStringParameters(query);
        Map<String, String> headers = new HashMap<>();
        rc.request().headers().names().forEach(name -> headers.put(name.toLowerCase(Locale.ROOT), rc.request().getHeader(name)));
        event.setHeaders(headers);
        // The request is paused so that the upgrade can still happen after the blocking $connect call.
        rc.request().pause();
        rc.vertx().<APIGatewayV2WebSocketResponse>executeBlocking(() -> onConnect.handleRequest(event, null), false)
                .onComplete(result -> {
                    int status = result.succeeded() ? result.result().getStatusCode() : 500;
                    if (status != 200) {
                        rc.response().setStatusCode(status).end();
                        return;
                    }
                    rc.request().toWebSocket().onSuccess(socket -> {
                        sockets.put(connectionId, socket);
                        socket.closeHandler(closed -> disconnected(rc, connectionId));
                    }).onFailure(failure -> {
                        LOG.warnf("WebSocket upgrade failed for %s: %s", connectionId, failure.getMessage());
                        disconnected(rc, connectionId);
                    });
                });
    }

    private void disconnected(RoutingContext rc, String connectionId) {
        sockets.remove(connectionId);
        rc.vertx().executeBlocking(() -> onDisconnect.handleRequest(event("$disconnect", "DISCONNECT", connectionId), null),
                false).onFailure(failure -> LOG.warnf("$disconnect of %s failed (a later push's 410 forgets it): %s",
                        connectionId, failure.getMessage()));
    }

    private void postToConnection(RoutingContext rc) {
        ServerWebSocket socket = sockets.get(rc.pathParam("connectionId"));
        if (socket == null || socket.isClosed()) {
            rc.response().setStatusCode(410)
                    .putHeader("x-amzn-ErrorType", "GoneException")
                    .putHeader("content-type", "application/json")
                    .end("{\"__type\":\"GoneException\",\"message\":\"Gone\"}");
            return;
        }
        Buffer body = rc.body().buffer();
        socket.writeTextMessage(body == null ? "" : body.toString())
                .onSuccess(done -> rc.response().setStatusCode(200).end())
                .onFailure(failure -> rc.response().setStatusCode(410).putHeader("x-amzn-ErrorType", "GoneException").end());
    }

    private APIGatewayV2WebSocketEvent event(String routeKey, String eventType, String connectionId) {
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setRouteKey(routeKey);
        context.setEventType(eventType);
        context.setConnectionId(connectionId);
        context.setDomainName("localhost");
        context.setStage("local");
        context.setApiId("local");
        context.setConnectedAt(System.currentTimeMillis());
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        event.setRequestContext(context);
        return event;
    }

    /** Shaped like API Gateway's ids ("L0SM9cOFvHcCIhw="), padding included, so URL encoding is exercised. */
    private String newConnectionId() {
        byte[] bytes = new byte[10];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).replace('/', '_').replace('+', '-');
    }
}
