package dev.pagos.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.pagos.api.WebSocketResponses;
import dev.pagos.error.PagosException;
import dev.pagos.push.ConnectionRegistry;
import dev.pagos.security.Authenticator;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;

/**
 * WebSocket $connect: browsers cannot send headers on a WebSocket, so the token comes as ?token=.
 * Anything but 200 makes API Gateway refuse the connection.
 */
@Named(Routes.WS_CONNECT)
public class WebSocketConnectFunction implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

    @Inject
    Authenticator authenticator;

    @Inject
    ConnectionRegistry registry;

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        Map<String, String> query = event.getQueryStringParameters();
        try {
            Authenticator.Caller caller = authenticator.fromToken(query == null ? null : query.get("token"));
            registry.connected(event.getRequestContext().getConnectionId(), caller.userId());
            return WebSocketResponses.status(200);
        } catch (PagosException e) {
            return WebSocketResponses.status(e.code().httpStatus());
        }
    }
}
