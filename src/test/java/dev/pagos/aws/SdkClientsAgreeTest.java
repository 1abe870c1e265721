package dev.pagos.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What the SDK's own clients (test scope only) put on the wire for our two calls, re-signed by {@link SigV4}
 * from what the server received: the same Authorization, so our canonical request (the {@code @connections}
 * path, the headers) is the one AWS expects.
 */
class SdkClientsAgreeTest {

    private static final AwsCredentials.Key KEY = new AwsCredentials.Key("ASIAEXAMPLEKEYID",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "IQoJb3JpZ2luX2VjEXAMPLE/session+token==");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final WireMockServer aws = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        aws.start();
        aws.stubFor(any(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"ARN\":\"a\",\"Name\":\"n\",\"SecretString\":\"{}\"}")));
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    @Test
    void thePushOfTheSdkClientIsSignedAsSigV4SignsIt() {
        try (ApiGatewayManagementApiClient client = ApiGatewayManagementApiClient.builder()
                .endpointOverride(URI.create(aws.baseUrl() + "/prod")).region(Region.EU_WEST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            client.postToConnection(b -> b.connectionId("L0SM9cOFvHcCIhw=").data(SdkBytes.fromUtf8String("{\"event\":\"x\"}")));
        }
        LoggedRequest request = onlyRequest();
        assertEquals("/prod/@connections/L0SM9cOFvHcCIhw%3D", request.getUrl(), "the SDK sends the @ as it is");
        assertResignedAlike(request, "eu-west-1", "execute-api");
    }

    @Test
    void theGetSecretValueOfTheSdkClientIsSignedAsSigV4SignsIt() {
        try (SecretsManagerClient client = SecretsManagerClient.builder().endpointOverride(URI.create(aws.baseUrl()))
                .region(Region.US_EAST_1).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            client.getSecretValue(b -> b.secretId("arn:aws:secretsmanager:us-east-1:123456789012:secret:pagos-db-AbCdEf"));
        }
        LoggedRequest request = onlyRequest();
        assertEquals("secretsmanager.GetSecretValue", request.getHeader("X-Amz-Target"));
        assertResignedAlike(request, "us-east-1", "secretsmanager");
    }

    private void assertResignedAlike(LoggedRequest request, String region, String service) {
        String authorization = request.getHeader("Authorization");
        String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
        // The SDK signs everything it sends (its amz-sdk-* headers, content-length, and x-amz-content-sha256, which
        // only S3 requires); re-signed with those same headers, our signature must be the SDK's.
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : signedHeaders.split(";")) {
            if (!List.of("host", "x-amz-date", "x-amz-security-token").contains(name)) {
                headers.put(name, request.getHeader(name));
            }
        }
        Instant time = AMZ_DATE.parse(request.getHeader("X-Amz-Date"), Instant::from);
        URI uri = URI.create(aws.baseUrl() + request.getUrl());
        Map<String, String> ours = SigV4.sign(request.getMethod().getName(), uri, headers, request.getBody(), region,
                service, time, KEY);
        assertEquals(authorization, ours.get("Authorization"));
        assertEquals(request.getHeader("X-Amz-Security-Token"), ours.get("X-Amz-Security-Token"));
    }

    private LoggedRequest onlyRequest() {
        List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> events = aws.getAllServeEvents();
        assertEquals(1, events.size());
        return events.get(0).getRequest();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(KEY.accessKeyId(), KEY.secretAccessKey(),
                KEY.sessionToken()));
    }
}
