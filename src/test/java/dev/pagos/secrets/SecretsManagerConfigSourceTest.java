package dev.pagos.secrets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pagos.aws.AwsCredentials;
import dev.pagos.aws.AwsHttp;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Secrets read from Secrets Manager at start-up, against a fake of its HTTP API (JSON 1.1, X-Amz-Target). */
class SecretsManagerConfigSourceTest {

    private static final String DB_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pagos-db-AbCdEf";
    private static final String PAYPAL_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pagos-paypal-GhIjKl";

    private final WireMockServer secretsManager = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        secretsManager.start();
        secret(DB_ARN, "{\"username\":\"pagos\",\"password\":\"db-password-from-secrets-manager\"}");
        secret(PAYPAL_ARN, "{\"client_secret\":\"paypal-secret-from-secrets-manager\"}");
    }

    @AfterEach
    void stop() {
        secretsManager.stop();
    }

    @Test
    void eachNamedPropertyGetsItsKeyOfItsSecretAndEachSecretIsReadOnce() {
        Map<String, String> values = reader().read("DATABASE_USER=" + DB_ARN + "#username, DATABASE_PASSWORD=" + DB_ARN
                + "#password,PAYPAL_CLIENT_SECRET=" + PAYPAL_ARN + "#client_secret");

        assertEquals(Map.of("DATABASE_USER", "pagos", "DATABASE_PASSWORD", "db-password-from-secrets-manager",
                "PAYPAL_CLIENT_SECRET", "paypal-secret-from-secrets-manager"), values);
        secretsManager.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=test-key/.*/secretsmanager/aws4_request.*"))
                .withRequestBody(equalToJson("{\"SecretId\":\"" + DB_ARN + "\"}")));
        secretsManager.verify(2, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void theSecretsSitBelowTheEnvironmentAndAboveApplicationProperties() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(SecretsManagerConfigSourceFactory.source(Map.of("DATABASE_PASSWORD", "from-secrets-manager")))
                .withSources(new io.smallrye.config.PropertiesConfigSource(Map.of("DATABASE_PASSWORD", "from-properties"),
                        "application.properties", 250))
                .build();
        assertEquals("from-secrets-manager", config.getValue("DATABASE_PASSWORD", String.class));
        assertTrue(SecretsManagerConfigSourceFactory.ORDINAL < 300, "a real environment variable still wins");
    }

    @Test
    void aMissingKeyOrAnUnreadableSecretStopsTheStartWithoutShowingAnyValue() {
        IllegalStateException missingKey = assertThrows(IllegalStateException.class,
                () -> reader().read("PAYPAL_CLIENT_SECRET=" + DB_ARN + "#client_secret"));
        assertTrue(missingKey.getMessage().contains("client_secret"));
        assertFalse(missingKey.getMessage().contains("db-password-from-secrets-manager"));

        secretsManager.stubFor(post(urlEqualTo("/")).withRequestBody(equalToJson("{\"SecretId\":\"arn:unknown\"}"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find the specified secret.\"}")));
        IllegalStateException unreadable = assertThrows(IllegalStateException.class,
                () -> reader().read("DATABASE_PASSWORD=arn:unknown#password"));
        assertTrue(unreadable.getMessage().contains("arn:unknown"));

        assertThrows(IllegalStateException.class, () -> reader().read("DATABASE_PASSWORD=" + DB_ARN));
    }

    @Test
    void withoutPagosSecretsNothingIsRead() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new SecretsManagerConfigSourceFactory()).build();
        assertFalse(config.getOptionalValue("DATABASE_PASSWORD", String.class).isPresent());
        secretsManager.verify(0, postRequestedFor(urlEqualTo("/")));
    }

    private SecretReader reader() {
        return new SecretReader(new AwsHttp(AwsCredentials.fixed("test-key", "test-secret", null), "us-east-1",
                "secretsmanager"), URI.create(secretsManager.baseUrl()));
    }

    private void secret(String arn, String secretString) {
        secretsManager.stubFor(post(urlEqualTo("/")).withRequestBody(equalToJson("{\"SecretId\":\"" + arn + "\"}"))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(
                        "{\"ARN\":\"" + arn + "\",\"Name\":\"n\",\"VersionId\":\"v1\",\"SecretString\":"
                                + com.fasterxml.jackson.databind.node.TextNode.valueOf(secretString) + "}")));
    }
}
