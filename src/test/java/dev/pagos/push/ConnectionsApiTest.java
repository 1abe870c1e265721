package dev.pagos.push;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pagos.aws.AwsCredentials;
import dev.pagos.aws.AwsException;
import dev.pagos.aws.AwsHttp;
import dev.pagos.aws.SigV4;
import dev.pagos.local.gateway.LocalGatewayCredential;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Management API client against a fake API Gateway: what each answer means, and what each request carries. */
class ConnectionsApiTest {

    private static final String CONNECTION = "L0SM9cOFvHcCIhw=";
    private static final String PATH = "/prod/@connections/L0SM9cOFvHcCIhw%3D";
    private static final AwsCredentials.Key KEY = new AwsCredentials.Key("ASIAPUSHKEY", "push-secret-key", "push-session-token");
    private static final byte[] MESSAGE = "{\"event\":\"payment_completed\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);

    private final WireMockServer gateway = new WireMockServer(options().dynamicPort());
    private ConnectionsApi api;

    @BeforeEach
    void start() {
        gateway.start();
        api = new ConnectionsApi(new AwsHttp(() -> KEY, "eu-west-1", "execute-api"), gateway.baseUrl() + "/prod/", Map.of());
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void aDeliveredPushIsASignedPostOfTheMessageToTheConnection() {
        answer(200, null);

        assertEquals(ConnectionsApi.Delivery.DELIVERED, api.post(CONNECTION, MESSAGE));

        LoggedRequest request = onlyRequest();
        assertEquals("POST", request.getMethod().getName());
        assertEquals(PATH, request.getUrl());
        assertArrayEquals(MESSAGE, request.getBody());
        assertEquals("push-session-token", request.getHeader("X-Amz-Security-Token"));
        String authorization = request.getHeader("Authorization");
        assertTrue(authorization.matches("AWS4-HMAC-SHA256 Credential=ASIAPUSHKEY/\\d{8}/eu-west-1/execute-api/aws4_request, "
                + "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}"), authorization);
        // and it signs what was received: the path as sent, the Host header the JDK's client wrote (SigV4Test and
        // SdkClientsAgreeTest check SigV4 itself against the AWS SDK)
        Instant time = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .parse(request.getHeader("X-Amz-Date"), Instant::from);
        assertEquals(authorization, SigV4.sign("POST", URI.create("http://ignored.invalid" + request.getUrl()),
                Map.of("Host", request.getHeader("Host")), request.getBody(), "eu-west-1", "execute-api", time, KEY)
                .get("Authorization"));
    }

    @Test
    void aGoneConnectionIsGone() {
        answer(410, "GoneException");
        assertEquals(ConnectionsApi.Delivery.GONE, api.post(CONNECTION, MESSAGE));
    }

    @Test
    void anyOtherAnswerIsAFailureNamingTheStatusAndErrorTypeButNoBody() {
        answer(500, null);
        AwsException failed = assertThrows(AwsException.class, () -> api.post(CONNECTION, MESSAGE));
        assertEquals(500, failed.status());
        assertTrue(failed.getMessage().contains("500"), failed.getMessage());

        gateway.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("x-amzn-ErrorType", "ForbiddenException:http://internal.amazon.com/coral/")
                .withBody("{\"message\":\"The request signature we calculated does not match ... push-session-token\"}")));
        AwsException forbidden = assertThrows(AwsException.class, () -> api.post(CONNECTION, MESSAGE));
        assertEquals(403, forbidden.status());
        assertEquals("API Gateway answered 403 ForbiddenException to the push", forbidden.getMessage());

        answer(400, "BadRequestException");
        assertThrows(AwsException.class, () -> api.post(CONNECTION, MESSAGE));
    }

    @Test
    void anUnreachableGatewayIsAFailureToo() {
        gateway.stop();
        AwsException failed = assertThrows(AwsException.class, () -> api.post(CONNECTION, MESSAGE));
        assertEquals(0, failed.status());
        assertFalse(failed.getMessage().contains("push-secret-key"));
    }

    @Test
    void theLocalHeaderIsSentWhenGivenAndNoSessionTokenWithoutOne() {
        answer(200, null);
        ConnectionsApi local = new ConnectionsApi(new AwsHttp(AwsCredentials.fixed("local", "local", null), "us-east-1",
                "execute-api"), gateway.baseUrl() + "/prod", Map.of(LocalGatewayCredential.HEADER, "local-secret"));
        assertEquals(ConnectionsApi.Delivery.DELIVERED, local.post(CONNECTION, MESSAGE));
        LoggedRequest request = onlyRequest();
        assertEquals(PATH, request.getUrl());
        assertEquals("local-secret", request.getHeader(LocalGatewayCredential.HEADER));
        assertNull(request.getHeader("X-Amz-Security-Token"));
    }

    private void answer(int status, String errorType) {
        var response = aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("{}");
        if (errorType != null) {
            response.withHeader("x-amzn-ErrorType", errorType);
        }
        gateway.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    private LoggedRequest onlyRequest() {
        List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> events = gateway.getAllServeEvents();
        assertEquals(1, events.size());
        return events.get(0).getRequest();
    }
}
