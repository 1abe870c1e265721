package dev.pagos.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Lambda function role's credentials. A plain start gets them as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN; under SnapStart the Java runtime sets none of those and serves them instead from
 * AWS_CONTAINER_CREDENTIALS_FULL_URI (GET with {@code Authorization: AWS_CONTAINER_AUTHORIZATION_TOKEN}, JSON
 * AccessKeyId, SecretAccessKey, Token, Expiration). Those are kept until {@link #REFRESH_BEFORE} before they
 * expire, and forgotten after a SnapStart restore (the snapshot's may be hours old), as is the HTTP client and
 * its pooled connection to the endpoint.
 */
final class LambdaCredentials implements AwsCredentials, Resource {

    static final String FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    static final String AUTHORIZATION_TOKEN = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UnaryOperator<String> environment;
    private final Clock clock;
    private volatile Cached cached;
    private HttpClient http;

    private record Cached(Key key, Instant refreshAt) {
    }

    LambdaCredentials(UnaryOperator<String> environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    private static final class Shared {
        static final LambdaCredentials INSTANCE = create();

        private static LambdaCredentials create() {
            LambdaCredentials credentials = new LambdaCredentials(System::getenv, Clock.systemUTC());
            if ("snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
                // org.crac keeps resources weakly: the static INSTANCE keeps this one alive.
                Core.getGlobalContext().register(credentials);
            }
            return credentials;
        }
    }

    static LambdaCredentials shared() {
        return Shared.INSTANCE;
    }

    @Override
    public Key get() {
        String accessKeyId = environment.apply("AWS_ACCESS_KEY_ID");
        if (accessKeyId != null && !accessKeyId.isBlank()) {
            String secret = environment.apply("AWS_SECRET_ACCESS_KEY");
            if (secret == null || secret.isBlank()) {
                throw new AwsException("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
            }
            return new Key(accessKeyId, secret, environment.apply("AWS_SESSION_TOKEN"));
        }
        Cached current = cached;
        if (current != null && clock.instant().isBefore(current.refreshAt())) {
            return current.key();
        }
        synchronized (this) {
            current = cached;
            if (current == null || !clock.instant().isBefore(current.refreshAt())) {
                current = fetch();
                cached = current;
            }
            return current.key();
        }
    }

    /** Drops the cached credentials and the HTTP client; the next {@link #get()} asks the endpoint again. */
    synchronized void forget() {
        cached = null;
        http = null;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // Nothing: what the snapshot carries is dropped after the restore.
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        forget();
    }

    private Cached fetch() {
        String uri = environment.apply(FULL_URI);
        if (uri == null || uri.isBlank()) {
            throw new AwsException("No AWS credentials: neither AWS_ACCESS_KEY_ID nor " + FULL_URI + " is set");
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(uri)).timeout(REQUEST_TIMEOUT).GET();
        } catch (IllegalArgumentException e) {
            throw new AwsException(FULL_URI + " is not a URI");
        }
        String token = environment.apply(AUTHORIZATION_TOKEN);
        if (token != null && !token.isBlank()) {
            request.header("Authorization", token);
        }
        HttpResponse<byte[]> response;
        try {
            response = client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AwsException("The container credentials endpoint (" + FULL_URI + ") could not be reached: "
                    + AwsHttp.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException("Interrupted while fetching container credentials", e);
        }
        if (response.statusCode() != 200) {
            throw new AwsException("The container credentials endpoint (" + FULL_URI + ") answered "
                    + response.statusCode(), response.statusCode(), null);
        }
        return parse(response.body());
    }

    private Cached parse(byte[] body) {
        String unusable = "The container credentials endpoint (" + FULL_URI + ") answered without usable credentials"
                + " (expected JSON with AccessKeyId, SecretAccessKey, Token, Expiration)";
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new AwsException(unusable); // no cause: the parser's message quotes the body
        }
        if (json == null || !json.isObject()) {
            throw new AwsException(unusable);
        }
        String accessKeyId = json.path("AccessKeyId").asText("");
        String secret = json.path("SecretAccessKey").asText("");
        if (accessKeyId.isBlank() || secret.isBlank()) {
            throw new AwsException(unusable);
        }
        Key key = new Key(accessKeyId, secret, json.path("Token").asText(null));
        String expiration = json.path("Expiration").asText("");
        if (expiration.isBlank()) {
            return new Cached(key, Instant.MIN); // no expiry given: not kept, asked again next time
        }
        try {
            return new Cached(key, OffsetDateTime.parse(expiration).toInstant().minus(REFRESH_BEFORE));
        } catch (DateTimeParseException e) {
            throw new AwsException(unusable + ": Expiration is not an ISO-8601 time");
        }
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }
}
