package dev.pagos.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.pagos.api.WebSocketResponses;
import dev.pagos.push.ConnectionRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** WebSocket $disconnect: forget the connection. API Gateway sends it on a best-effort basis only. */
@Named(Routes.WS_DISCONNECT)
public class WebSocketDisconnectFunction implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    @Inject
    ConnectionRegistry registry;

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        registry.disconnected(event.getRequestContext().getConnectionId());
        return WebSocketResponses.status(200);
    }
}
