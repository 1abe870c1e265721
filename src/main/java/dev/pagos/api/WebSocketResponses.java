package dev.pagos.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;

public final class WebSocketResponses {

    private WebSocketResponses() {
    }

    public static APIGatewayV2WebSocketResponse status(int statusCode) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(statusCode);
        return response;
    }
}
