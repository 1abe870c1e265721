package dev.pagos.push;

import java.util.Map;

/**
 * Local mode's seam into {@link ConnectionsApi}: the headers that prove a push comes from Pagos itself to the
 * local WebSocket gateway ({@code LocalGatewayCredential}, not in production builds). No implementation is
 * compiled into the Lambda build (-Dlambda), where API Gateway checks SigV4 instead.
 */
public interface LocalGatewayHeaders {

    Map<String, String> headers();
}
