package dev.pagos.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;

final class WebSocketResponses {

    private WebSocketResponses() {
    }

    static APIGatewayV2WebSocketResponse status(int statusCode) {
        APIGatewayV2WebSocketResponse response = new APIGatewayV2WebSocketResponse();
        response.setStatusCode(statusCode);
        return response;
    }
}
