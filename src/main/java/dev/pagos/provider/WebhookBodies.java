package dev.pagos.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.text.StrictJson;
import java.io.IOException;

/**
 * A webhook body is read as strictly as a request body ({@link StrictJson}): an event with a second "signature",
 * "data" or "resource" member, or with bytes after it, could be read one way when verified and another when
 * applied. It is refused (400) before anything is recorded.
 */
public final class WebhookBodies {

    private final ObjectReader reader;

    public WebhookBodies(ObjectMapper json) {
        this.reader = StrictJson.reader(json);
    }

    public JsonNode event(byte[] rawBody) {
        JsonNode event;
        try {
            event = reader.readTree(rawBody);
        } catch (IOException e) {
            throw malformed();
        }
        if (event == null || !event.isObject()) {
            throw malformed();
        }
        return event;
    }

    private static PagosException malformed() {
        return new PagosException(ErrorCode.INVALID_REQUEST,
                "The webhook body must be one JSON object, each member named once, with nothing after it");
    }
}
