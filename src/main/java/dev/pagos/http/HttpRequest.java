package dev.pagos.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.text.ControlCharacters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** An API Gateway HTTP API (payload v2) request, read the way our functions need it. */
public final class HttpRequest {

    private final APIGatewayV2HTTPEvent event;
    private final JsonRequestBodies bodies;
    private final Map<String, String> headers;

    HttpRequest(APIGatewayV2HTTPEvent event, JsonRequestBodies bodies) {
        this.event = event;
        this.bodies = bodies;
        // HTTP header names are case-insensitive; API Gateway lowercases them, browsers and curl may not.
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getHeaders() != null) {
            byName.putAll(event.getHeaders());
        }
        this.headers = Collections.unmodifiableMap(byName);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The body exactly as it arrived, which is what signatures are computed over. */
    public byte[] rawBody() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        return event.getIsBase64Encoded() ? Base64.getMimeDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    /** API Gateway's route key ("GET /plans"), for a function that serves several routes. */
    public String routeKey() {
        return event.getRouteKey() == null ? "" : event.getRouteKey();
    }

    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        String value = parameters == null ? null : parameters.get(name);
        if (value == null || value.isBlank()) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "Missing path parameter '" + name + "'");
        }
        return withoutControlCharacters("Path parameter", name, value);
    }

    public UUID uuidPathParameter(String name) {
        try {
            return UUID.fromString(pathParameter(name));
        } catch (IllegalArgumentException e) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, name + " must be a UUID");
        }
    }

    public String queryParameter(String name) {
        Map<String, String> parameters = event.getQueryStringParameters();
        String value = parameters == null ? null : parameters.get(name);
        return value == null ? null : withoutControlCharacters("Query parameter", name, value);
    }

    /**
     * The page size a paged read asks for ({@code limit}): {@code defaultLimit} when absent, at most
     * {@code maxLimit}; anything but a whole number from 1 is the client's error (400).
     */
    public int limitParameter(int defaultLimit, int maxLimit) {
        String value = queryParameter("limit");
        if (value == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1) {
                return Math.min(limit, maxLimit);
            }
        } catch (NumberFormatException e) {
            // answered below, like any other bad value
        }
        throw new PagosException(ErrorCode.INVALID_REQUEST, "limit must be a whole number from 1 (at most "
                + maxLimit + " are returned)");
    }

    /**
     * The JSON body as {@code type}; a missing or malformed body is the client's error (400), a body declared
     * as anything but JSON is refused unread (415).
     */
    public <T> T jsonBody(Class<T> type) {
        byte[] body = rawBody();
        if (body.length == 0) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "A JSON body is required");
        }
        if (!isJson(header("content-type"))) {
            throw new PagosException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body must be sent as application/json");
        }
        return bodies.read(body, type);
    }

    private static String withoutControlCharacters(String kind, String name, String value) {
        if (ControlCharacters.presentIn(value)) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, kind + " '" + name + "' must not contain control characters");
        }
        return value;
    }

    /**
     * application/json or a structured-syntax type such as application/problem+json. JSON is UTF-8 (RFC 8259),
     * so a charset other than UTF-8 means the client encoded the body in a way we would misread.
     */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        String mediaType = parts[0].trim();
        boolean json = mediaType.equals("application/json")
                || mediaType.matches("application/[a-z0-9.!#$&^_-]+\\+json");
        for (int i = 1; i < parts.length && json; i++) {
            String[] parameter = parts[i].trim().split("=", 2);
            if (parameter[0].trim().equals("charset")) {
                json = parameter.length == 2 && parameter[1].trim().replace("\"", "").equals("utf-8");
            }
        }
        return json;
    }
}
