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
import java.util.Map;
import java.util.Optional;

/**
 * SigV4-signed POSTs to one AWS service in one region, on the JDK's HTTP client (HTTP/1.1, 5 s to connect, 10 s
 * for the whole request, no retries). The caller decides what each status means; network failures and missing
 * credentials are {@link AwsException}s.
 */
public final class AwsHttp {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsCredentials credentials;
    private final String region;
    private final String service;
    private final Clock clock;
    private final HttpClient http;

    /** The answer: its status, body and AWS's error type (x-amzn-ErrorType, else the JSON body's __type). */
    public record Response(int status, byte[] body, Optional<String> headerErrorType) {

        public boolean successful() {
            return status >= 200 && status < 300;
        }

        /** e.g. ResourceNotFoundException, without the namespace and details AWS may prefix or append. */
        public String errorType() {
            String type = headerErrorType.orElseGet(() -> {
                try {
                    JsonNode json = JSON.readTree(body);
                    return json != null && json.hasNonNull("__type") ? json.get("__type").asText() : "";
                } catch (IOException | RuntimeException e) {
                    return "";
                }
            });
            int colon = type.indexOf(':');
            type = colon < 0 ? type : type.substring(0, colon);
            return type.substring(type.lastIndexOf('#') + 1);
        }
    }

    public AwsHttp(AwsCredentials credentials, String region, String service) {
        this(credentials, region, service, Clock.systemUTC());
    }

    AwsHttp(AwsCredentials credentials, String region, String service, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.service = service;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param headers signed and sent (Content-Type among them when the service wants one)
     * @throws AwsException without credentials, or when no answer came (unreachable, timed out)
     */
    public Response post(URI uri, Map<String, String> headers, byte[] body) {
        Map<String, String> signature = SigV4.sign("POST", uri, headers, body, region, service, clock.instant(),
                credentials.get());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        signature.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("x-amzn-ErrorType"));
        } catch (IOException e) {
            throw new AwsException(service + " at " + uri.getHost() + " could not be reached: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsException("Interrupted while calling " + service, e);
        }
    }

    static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
