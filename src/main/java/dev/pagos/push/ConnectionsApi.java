package dev.pagos.push;

import dev.pagos.aws.AwsCredentials;
import dev.pagos.aws.AwsException;
import dev.pagos.aws.AwsHttp;
import dev.pagos.aws.SigV4;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The API Gateway Management API ({@code POST @connections/{id}}), the only way to talk to a browser's
 * WebSocket: a SigV4-signed POST (service execute-api) of the message bytes. Locally the endpoint is the
 * built-in gateway, which speaks the same protocol, so the same code runs on a laptop and on AWS.
 */
@ApplicationScoped
public class ConnectionsApi {

    public enum Delivery { DELIVERED, GONE }

    static final String SERVICE = "execute-api";

    private final AwsHttp http;
    private final String endpoint;
    private final Map<String, String> headers;

    @Inject
    ConnectionsApi(@ConfigProperty(name = "pagos.push.endpoint") String endpoint,
            @ConfigProperty(name = "pagos.push.region") String region,
            Instance<LocalGatewayHeaders> localGateway) {
        // Only the local gateway speaks plain http; on AWS (always https) the Lambda role's credentials sign the
        // requests, and the local secret must never travel there.
        this(localGateway(endpoint, localGateway)
                ? new AwsHttp(AwsCredentials.fixed("local", "local", null), region, SERVICE)
                : new AwsHttp(AwsCredentials.lambda(), region, SERVICE),
                endpoint,
                localGateway(endpoint, localGateway)
                        ? localGateway.get().headers()
                        : Map.of());
    }

    ConnectionsApi(AwsHttp http, String endpoint, Map<String, String> headers) {
        this.http = http;
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.headers = headers;
    }

    private static boolean localGateway(String endpoint, Instance<LocalGatewayHeaders> localGateway) {
        return "http".equals(URI.create(endpoint).getScheme()) && localGateway.isResolvable();
    }

    /** @throws AwsException for any failure other than a gone connection (410) */
    public Delivery post(String connectionId, byte[] message) {
        AwsHttp.Response response = http.post(URI.create(endpoint + "/@connections/" + SigV4.encode(connectionId)),
                headers, message);
        if (response.successful()) {
            return Delivery.DELIVERED;
        }
        if (response.status() == 410) {
            return Delivery.GONE;
        }
        String type = response.errorType();
        throw new AwsException("API Gateway answered " + response.status() + (type.isEmpty() ? "" : " " + type)
                + " to the push", response.status(), null);
    }
}
