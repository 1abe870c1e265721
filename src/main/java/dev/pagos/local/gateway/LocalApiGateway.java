package dev.pagos.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.pagos.function.Routes;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Local mode's stand-in for API Gateway's HTTP API: each route of {@link Routes#HTTP} is turned into the
 * payload-v2 event API Gateway would send, handed to the same function class that runs in Lambda, and its
 * response written back. Not part of production builds.
 */
@UnlessBuildProfile("prod")
@ApplicationScoped
public class LocalApiGateway {

    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final Instance<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> functions;

    LocalApiGateway(@Any Instance<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> functions) {
        this.functions = functions;
    }

    void registerRoutes(@Observes Router router) {
        for (Routes.Route route : Routes.HTTP) {
            RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function =
                    functions.select(NamedLiteral.of(route.handler())).get();
            router.route(HttpMethod.valueOf(route.method()), route.path().replaceAll("\\{(\\w+)}", ":$1"))
                    .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                    .blockingHandler(rc -> invoke(route, function, rc), false);
        }
    }

    private static void invoke(Routes.Route route, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function,
            RoutingContext rc) {
        APIGatewayV2HTTPResponse response = function.handleRequest(toEvent(route, rc), null);
        rc.response().setStatusCode(response.getStatusCode());
        if (response.getHeaders() != null) {
            response.getHeaders().forEach(rc.response()::putHeader);
        }
        String body = response.getBody() == null ? "" : response.getBody();
        rc.response().end(body);
    }

    static APIGatewayV2HTTPEvent toEvent(Routes.Route route, RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Map<String, String> headers = new HashMap<>();
        // API Gateway lowercases names and joins repeated headers with commas.
        request.headers().names().forEach(name ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", request.headers().getAll(name))));
        Map<String, String> query = new HashMap<>();
        request.params().names().forEach(name -> query.put(name, String.join(",", request.params().getAll(name))));
        query.keySet().removeAll(rc.pathParams().keySet());
        byte[] body = rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(request.path())
                .withRawQueryString(request.query() == null ? "" : request.query())
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(rc.pathParams().isEmpty() ? null : new HashMap<>(rc.pathParams()))
                // Always base64, so a signature over the body sees exactly the bytes that were sent.
                .withBody(body.length == 0 ? null : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(route.routeKey())
                        .withStage("$default")
                        .withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(route.method())
                                .withPath(request.path())
                                .withProtocol(request.version().name())
                                .withSourceIp(request.remoteAddress() == null ? null : request.remoteAddress().host())
                                .withUserAgent(request.getHeader("user-agent"))
                                .build())
                        .build())
                .build();
    }
}
