package dev.pagos.push;

import io.quarkus.runtime.Shutdown;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * The API Gateway Management API ({@code POST @connections/{id}}), the only way to talk to a browser's
 * WebSocket. The client is built once. Locally the endpoint is the built-in gateway, which speaks the same
 * protocol, so the same code runs on a laptop and on AWS.
 */
@ApplicationScoped
public class ConnectionsApi {

    public enum Delivery { DELIVERED, GONE }

    private final ApiGatewayManagementApiClient client;

    ConnectionsApi(@ConfigProperty(name = "pagos.push.endpoint") String endpoint,
            @ConfigProperty(name = "pagos.push.region") String region,
            Instance<LocalGatewayCredential> localGateway) {
        // Only the local gateway speaks plain http; on AWS (always https) the Lambda role's variables sign the
        // requests, and the local secret must never travel there.
        boolean local = "http".equals(URI.create(endpoint).getScheme()) && localGateway.isResolvable();
        this.client = ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(local
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                        : EnvironmentVariableCredentialsProvider.create())
                .overrideConfiguration(o -> {
                    if (local) {
                        o.putHeader(LocalGatewayCredential.HEADER, localGateway.get().value());
                    }
                })
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** @throws software.amazon.awssdk.core.exception.SdkException for any failure other than a gone connection */
    public Delivery post(String connectionId, byte[] message) {
        try {
            client.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromByteArray(message)));
            return Delivery.DELIVERED;
        } catch (GoneException e) {
            return Delivery.GONE;
        }
    }

    @Shutdown
    void close() {
        client.close();
    }
}
