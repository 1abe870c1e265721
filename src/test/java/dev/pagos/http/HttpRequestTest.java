package dev.pagos.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameters are refused at the edge when they carry control characters, as bodies and tokens are. */
class HttpRequestTest {

    private static HttpRequest request(APIGatewayV2HTTPEvent event) {
        return new HttpRequest(event, new JsonRequestBodies(new ObjectMapper()));
    }

    @Test
    void aControlCharacterInAQueryParameterIsInvalid() {
        HttpRequest request = request(APIGatewayV2HTTPEvent.builder()
                .withQueryStringParameters(Map.of("user", "a\u0000b", "plain", "ok")).build());
        assertEquals("ok", request.queryParameter("plain"));
        PagosException refused = assertThrows(PagosException.class, () -> request.queryParameter("user"));
        assertEquals(ErrorCode.INVALID_REQUEST, refused.code());
    }

    @Test
    void aControlCharacterInAPathParameterIsInvalid() {
        HttpRequest request = request(APIGatewayV2HTTPEvent.builder()
                .withPathParameters(Map.of("orderId", "abc\u001f")).build());
        PagosException refused = assertThrows(PagosException.class, () -> request.pathParameter("orderId"));
        assertEquals(ErrorCode.INVALID_REQUEST, refused.code());
    }
}
