package dev.pagos.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pagos.support.HandClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The function role's credentials: environment variables on a plain start, Lambda's container credentials endpoint
 * under SnapStart (where the runtime sets no AWS_ACCESS_KEY_ID), kept until shortly before they expire and
 * forgotten after a restore.
 */
class LambdaCredentialsTest {

    private static final String PATH = "/2021-04-23/credentials";
    private static final String TOKEN = "container-authorization-token-value";
    private static final Instant NOW = Instant.parse("2026-03-14T09:00:00Z");

    private final WireMockServer endpoint = new WireMockServer(options().dynamicPort());
    private final Map<String, String> environment = new HashMap<>();
    private final HandClock clock = new HandClock(NOW);
    private final LambdaCredentials credentials = new LambdaCredentials(environment::get, clock);

    @BeforeEach
    void start() {
        endpoint.start();
        environment.put(LambdaCredentials.FULL_URI, endpoint.baseUrl() + PATH);
        environment.put(LambdaCredentials.AUTHORIZATION_TOKEN, TOKEN);
    }

    @AfterEach
    void stop() {
        endpoint.stop();
    }

    @Test
    void theEnvironmentVariablesWinWhenSet() {
        environment.put("AWS_ACCESS_KEY_ID", "AKIAENV");
        environment.put("AWS_SECRET_ACCESS_KEY", "env-secret");
        environment.put("AWS_SESSION_TOKEN", "env-token");

        assertEquals(new AwsCredentials.Key("AKIAENV", "env-secret", "env-token"), credentials.get());
        endpoint.verify(0, getRequestedFor(urlEqualTo(PATH)));

        environment.remove("AWS_SESSION_TOKEN");
        assertNull(credentials.get().sessionToken());

        environment.remove("AWS_SECRET_ACCESS_KEY");
        AwsException incomplete = assertThrows(AwsException.class, credentials::get);
        assertTrue(incomplete.getMessage().contains("AWS_SECRET_ACCESS_KEY"));
    }

    @Test
    void underSnapStartTheContainerEndpointIsAskedWithItsTokenAndItsAnswerKeptUntilShortlyBeforeItExpires() {
        answer("ASIAONE", "secret-one", "token-one", NOW.plus(Duration.ofHours(1)));

        assertEquals(new AwsCredentials.Key("ASIAONE", "secret-one", "token-one"), credentials.get());
        endpoint.verify(1, getRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo(TOKEN)));

        answer("ASIATWO", "secret-two", "token-two", NOW.plus(Duration.ofHours(2)));
        clock.now = NOW.plus(Duration.ofMinutes(54));
        assertEquals("ASIAONE", credentials.get().accessKeyId(), "kept while more than 5 minutes are left");
        endpoint.verify(1, getRequestedFor(urlEqualTo(PATH)));

        clock.now = NOW.plus(Duration.ofMinutes(55));
        assertEquals(new AwsCredentials.Key("ASIATWO", "secret-two", "token-two"), credentials.get(),
                "asked again 5 minutes before they expire");
        endpoint.verify(2, getRequestedFor(urlEqualTo(PATH)));

        clock.now = NOW.plus(Duration.ofHours(3));
        credentials.get();
        endpoint.verify(3, getRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void afterASnapStartRestoreTheCachedCredentialsAreForgotten() {
        answer("ASIAONE", "secret-one", "token-one", NOW.plus(Duration.ofHours(6)));
        assertEquals("ASIAONE", credentials.get().accessKeyId());
        answer("ASIATWO", "secret-two", "token-two", NOW.plus(Duration.ofHours(6)));
        assertEquals("ASIAONE", credentials.get().accessKeyId());

        credentials.afterRestore(null);

        assertEquals("ASIATWO", credentials.get().accessKeyId());
        endpoint.verify(2, getRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo(TOKEN)));
    }

    @Test
    void aRefusalOrAnUnusableAnswerFailsClearlyWithoutShowingAnyCredential() {
        endpoint.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withStatus(403)
                .withBody("{\"message\":\"bad token " + TOKEN + "\"}")));
        assertClearFailure("403");

        endpoint.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withBody("{\"AccessKeyId\":\"ASIAONE\",\"SecretAccessKey\":")));
        assertClearFailure("without usable credentials");

        endpoint.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withBody(
                "{\"AccessKeyId\":\"ASIAONE\",\"Token\":\"token-one\",\"Expiration\":\"2026-03-14T10:00:00Z\"}")));
        assertClearFailure("without usable credentials");

        answer("ASIAONE", "secret-one", "token-one", null);
        endpoint.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withBody(
                "{\"AccessKeyId\":\"ASIAONE\",\"SecretAccessKey\":\"secret-one\",\"Token\":\"token-one\",\"Expiration\":\"soon\"}")));
        assertClearFailure("Expiration");

        environment.remove(LambdaCredentials.FULL_URI);
        AwsException none = assertThrows(AwsException.class, credentials::get);
        assertTrue(none.getMessage().contains("AWS_ACCESS_KEY_ID") && none.getMessage().contains(LambdaCredentials.FULL_URI),
                none.getMessage());
    }

    @Test
    void anAnswerWithoutExpirationIsUsedButNotKept() {
        endpoint.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withBody(
                "{\"AccessKeyId\":\"ASIAONE\",\"SecretAccessKey\":\"secret-one\",\"Token\":\"token-one\"}")));
        assertEquals("ASIAONE", credentials.get().accessKeyId());
        assertEquals("ASIAONE", credentials.get().accessKeyId());
        endpoint.verify(2, getRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void theKeyNeverShowsItsSecretOrToken() {
        String shown = new AwsCredentials.Key("ASIAONE", "secret-one", "token-one").toString();
        assertTrue(shown.contains("ASIAONE"));
        assertFalse(shown.contains("secret-one") || shown.contains("token-one"), shown);
    }

    private void assertClearFailure(String expected) {
        AwsException failure = assertThrows(AwsException.class, credentials::get);
        String message = failure.getMessage();
        assertTrue(message.contains(expected) && message.contains(LambdaCredentials.FULL_URI), message);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            assertFalse(text.contains(TOKEN) || text.contains("secret-one") || text.contains("token-one"), text);
        }
    }

    private void answer(String accessKeyId, String secret, String token, Instant expiration) {
        endpoint.stubFor(get(urlEqualTo(PATH)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKey\":\"" + secret + "\",\"Token\":\""
                        + token + "\"" + (expiration == null ? "" : ",\"Expiration\":\"" + expiration + "\"") + "}")));
    }
}
