package dev.pagos.local.gateway;

import dev.pagos.error.ErrorCode;
import dev.pagos.function.Routes;
import io.quarkus.arc.profile.UnlessBuildProfile;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Local mode's HTTP layer answers what it refuses on its own (no such route, wrong method, body too large,
 * malformed request) in the JSON error shape the functions use, as API Gateway answers in its own shape.
 * Not part of production builds.
 *
 * <p>Three refusals happen before any router, with empty bodies, and Quarkus offers no hook into them (the Vert.x
 * server's {@code invalidRequestHandler} is not reachable): the HTTP codec refuses request lines and headers
 * over its limits (414, 431) and headers holding control characters (400), and Quarkus refuses a URI that
 * {@link URI} cannot parse (400). So the codec's limits are set well above ours ({@code quarkus.http.limits.*} in
 * application.properties), the codec's header check and Quarkus's URI check are turned off for local runs
 * ({@code vertx.disableHttpHeadersValidation} and {@code vertx.disableURIValidation} in the pom), and all of them
 * are enforced here instead, first of all routes. Only requests beyond the codec's own limits still get its empty
 * answer.
 */
@UnlessBuildProfile("prod")
@ApplicationScoped
public class LocalHttpErrors {

    private static final Logger LOG = Logger.getLogger(LocalHttpErrors.class);

    /** Quarkus's own defaults, which the codec enforced before its limits were raised. */
    static final int MAX_REQUEST_LINE_BYTES = 4096;
    static final int MAX_HEADER_BYTES = 20 * 1024;

    private static final Map<Integer, ErrorCode> CODES = Map.of(
            400, ErrorCode.INVALID_REQUEST,
            401, ErrorCode.UNAUTHENTICATED,
            403, ErrorCode.FORBIDDEN,
            404, ErrorCode.ROUTE_NOT_FOUND,
            405, ErrorCode.METHOD_NOT_ALLOWED,
            413, ErrorCode.PAYLOAD_TOO_LARGE,
            414, ErrorCode.URI_TOO_LONG,
            415, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            431, ErrorCode.HEADERS_TOO_LARGE);

    private static final Map<ErrorCode, String> MESSAGES = Map.of(
            ErrorCode.INVALID_REQUEST, "The request is malformed",
            ErrorCode.UNAUTHENTICATED, "Authentication is required",
            ErrorCode.FORBIDDEN, "This request is not allowed",
            ErrorCode.ROUTE_NOT_FOUND, "No route matches this path",
            ErrorCode.METHOD_NOT_ALLOWED, "This path does not accept this method",
            ErrorCode.PAYLOAD_TOO_LARGE, "The body is larger than this route accepts",
            ErrorCode.URI_TOO_LONG, "The request line is longer than " + MAX_REQUEST_LINE_BYTES + " bytes",
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body's content type is not accepted here",
            ErrorCode.HEADERS_TOO_LARGE, "The headers are larger than " + MAX_HEADER_BYTES + " bytes",
            ErrorCode.INTERNAL, "Something went wrong on our side");

    void registerHandlers(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(LocalHttpErrors::refuseMalformedRequests);
        router.route().failureHandler(LocalHttpErrors::failed);
        // Failures raised before any route matched skip failure handlers and end here.
        CODES.keySet().forEach(status -> router.errorHandler(status, LocalHttpErrors::failed));
        // A last route rather than the router's 404 handler, which dev mode replaces with its HTML page. It also
        // decides 404 or 405 from the API's own routes: the static-resource route takes GET and HEAD on every
        // path, so Vert.x alone would call any other method on an unknown path 405.
        router.route().last().handler(LocalHttpErrors::noRoute);
    }

    /** Writes {"error": {"code", "message"}} with the code's status. */
    public static void send(HttpServerResponse response, ErrorCode code, String message) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(code.httpStatus())
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(new JsonObject().put("error", new JsonObject().put("code", code.name()).put("message", message))
                        .encode());
    }

    private static void refuseMalformedRequests(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        try {
            new URI(request.uri());
        } catch (URISyntaxException e) {
            refuse(rc, ErrorCode.INVALID_REQUEST);
            return;
        }
        // What the codec counts: "METHOD URI HTTP/1.1", and each header line without its CRLF.
        int requestLine = request.method().name().length() + 1 + request.uri().length() + " HTTP/1.1".length();
        if (requestLine > MAX_REQUEST_LINE_BYTES) {
            refuse(rc, ErrorCode.URI_TOO_LONG);
            return;
        }
        int headers = request.headers().entries().stream()
                .mapToInt(header -> header.getKey().length() + 2 + header.getValue().length()).sum();
        if (headers > MAX_HEADER_BYTES) {
            refuse(rc, ErrorCode.HEADERS_TOO_LARGE);
            return;
        }
        if (request.headers().entries().stream().anyMatch(header -> hasControlCharacter(header.getKey())
                || hasControlCharacter(header.getValue().replace('\t', ' ')))) {
            rc.response().putHeader("connection", "close");
            send(rc.response(), ErrorCode.INVALID_REQUEST, "Header names and values must not contain control characters");
            return;
        }
        rc.next();
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static void noRoute(RoutingContext rc) {
        boolean knownPath = Routes.HTTP.stream().anyMatch(route -> route.matchesPath(rc.request().path()));
        refuse(rc, knownPath ? ErrorCode.METHOD_NOT_ALLOWED : ErrorCode.ROUTE_NOT_FOUND);
    }

    private static void failed(RoutingContext rc) {
        ErrorCode code = CODES.getOrDefault(rc.statusCode(), ErrorCode.INTERNAL);
        if (code == ErrorCode.INTERNAL) {
            LOG.errorf(rc.failure(), "The local HTTP layer failed on a %s request", rc.request().method());
        }
        refuse(rc, code);
    }

    private static void refuse(RoutingContext rc, ErrorCode code) {
        // The request may still be streaming in; closing after the answer spares reading what nobody will use.
        rc.response().putHeader("connection", "close");
        send(rc.response(), code, MESSAGES.get(code));
    }
}
