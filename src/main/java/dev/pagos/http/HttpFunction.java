package dev.pagos.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.security.Authenticator;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What every HTTP function shares: decode the API Gateway event, run the operation, encode the answer,
 * and turn failures into {"error": {"code", "message"}} with the code's status. Subclasses only decode,
 * authenticate, call a service and shape the reply.
 */
public abstract class HttpFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Logger LOG = Logger.getLogger(HttpFunction.class);
    private static final Map<String, String> JSON_HEADERS = Map.of(
            "content-type", "application/json",
            "cache-control", "no-store");

    @Inject
    ObjectMapper json;

    @Inject
    JsonRequestBodies requestBodies;

    @Inject
    Authenticator authenticator;

    /** The operation itself. */
    protected abstract Reply handle(HttpRequest request);

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            Reply reply = handle(new HttpRequest(event, requestBodies));
            return respond(reply.status(), reply.body(), reply.headers());
        } catch (PagosException e) {
            if (e.code().httpStatus() >= 500) {
                LOG.warnf(e, "%s failed: %s", getClass().getSimpleName(), e.getMessage());
            }
            return error(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s failed unexpectedly", getClass().getSimpleName());
            return error(ErrorCode.INTERNAL, "Something went wrong on our side");
        }
    }

    protected Authenticator.Caller caller(HttpRequest request) {
        return authenticator.fromAuthorizationHeader(request.header("authorization"));
    }

    private APIGatewayV2HTTPResponse respond(int status, Object body, Map<String, String> headers) {
        Map<String, String> allHeaders = new HashMap<>(JSON_HEADERS);
        allHeaders.putAll(headers);
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(status)
                    .withHeaders(allHeaders)
                    // 204 has no body (DELETE /subscriptions/{id}/cancel).
                    .withBody(status == 204 ? null : body instanceof Text text ? text.text() : json.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Reply of " + getClass().getSimpleName() + " cannot be encoded", e);
        }
    }

    private APIGatewayV2HTTPResponse error(ErrorCode code, String message) {
        return respond(code.httpStatus(), errorBody(code, message), Map.of());
    }

    /** Every error's JSON shape, in one place: kept Idempotency-Key answers are encoded with it too. */
    static Map<String, Object> errorBody(ErrorCode code, String message) {
        return Map.of("error", Map.of("code", code.name(), "message", message));
    }

    /** A body sent as it is (an HTML page), not encoded as JSON; its reply sets the content type. */
    public record Text(String text) {
    }

    /** A status and a body to encode as JSON, and headers beyond the usual ones. */
    protected record Reply(int status, Object body, Map<String, String> headers) {

        public Reply(int status, Object body) {
            this(status, body, Map.of());
        }

        public static Reply ok(Object body) {
            return new Reply(200, body);
        }

        public static Reply created(Object body) {
            return new Reply(201, body);
        }

        /** An HTML page, with the headers it needs (its content type and security policy). */
        public static Reply html(int status, String page, Map<String, String> headers) {
            Map<String, String> all = new HashMap<>(headers);
            all.put("content-type", "text/html; charset=utf-8");
            return new Reply(status, new Text(page), all);
        }
    }
}
