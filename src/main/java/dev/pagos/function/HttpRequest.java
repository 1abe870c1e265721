package dev.pagos.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** An API Gateway HTTP API (payload v2) request, read the way our functions need it. */
public final class HttpRequest {

    private final APIGatewayV2HTTPEvent event;
    private final ObjectMapper json;
    private final Map<String, String> headers;

    HttpRequest(APIGatewayV2HTTPEvent event, ObjectMapper json) {
        this.event = event;
        this.json = json;
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

    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        String value = parameters == null ? null : parameters.get(name);
        if (value == null || value.isBlank()) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "Missing path parameter '" + name + "'");
        }
        return value;
    }

    public String queryParameter(String name) {
        Map<String, String> parameters = event.getQueryStringParameters();
        return parameters == null ? null : parameters.get(name);
    }

    /** The JSON body as {@code type}; a missing or malformed body is the client's error (400). */
    public <T> T jsonBody(Class<T> type) {
        byte[] body = rawBody();
        if (body.length == 0) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "A JSON body is required");
        }
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw new PagosException(ErrorCode.INVALID_REQUEST, "A JSON object is required");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "The body is not valid JSON for this operation: "
                    + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "The body could not be read");
        }
    }
}
