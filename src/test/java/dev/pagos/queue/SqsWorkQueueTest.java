package dev.pagos.queue;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pagos.aws.AwsCredentials;
import dev.pagos.aws.AwsHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The renewal queue's SendMessageBatch against a fake SQS at its HTTP boundary (the JSON protocol: {@code POST /},
 * {@code X-Amz-Target: AmazonSQS.SendMessageBatch}, an answer per entry in {@code Successful} and {@code Failed}):
 * what each request carries, and which messages come back to the dispatch as not sent, so that their subscriptions
 * are released at once instead of waiting out the dispatch lease.
 */
class SqsWorkQueueTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AwsCredentials.Key KEY = new AwsCredentials.Key("ASIAQUEUEKEY", "queue-secret", "queue-session");

    /** Answers every entry as taken, except the bodies named in {@link #refuse}. */
    public static final class PerEntry implements ResponseDefinitionTransformerV2 {
        static volatile Set<String> refuse = Set.of();

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            try {
                JsonNode sent = JSON.readTree(event.getRequest().getBody());
                var answer = JSON.createObjectNode();
                var successful = answer.putArray("Successful");
                var failed = answer.putArray("Failed");
                for (JsonNode entry : sent.path("Entries")) {
                    String id = entry.path("Id").asText();
                    if (refuse.contains(entry.path("MessageBody").asText())) {
                        failed.addObject().put("Id", id).put("SenderFault", false)
                                .put("Code", "InternalError").put("Message", "try again");
                    } else {
                        successful.addObject().put("Id", id).put("MessageId", "m-" + id)
                                .put("MD5OfMessageBody", "00000000000000000000000000000000");
                    }
                }
                return ResponseDefinitionBuilder.like(event.getResponseDefinition()).but().withBody(answer.toString())
                        .build();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String getName() {
            return "sqs-per-entry";
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }
    }

    private final WireMockServer sqs = new WireMockServer(options().dynamicPort().extensions(new PerEntry()));
    private SqsWorkQueue queue;

    @BeforeEach
    void start() {
        sqs.start();
        PerEntry.refuse = Set.of();
        String queueUrl = sqs.baseUrl() + "/123456789012/pagos-renewals";
        queue = new SqsWorkQueue(new AwsHttp(() -> KEY, "us-east-1", "sqs"), Optional.of(queueUrl), 2);
    }

    @AfterEach
    void stop() {
        sqs.stop();
    }

    @Test
    void twentyFiveMessagesGoAsSignedBatchesOfAtMostTenAndNoneComesBack() throws Exception {
        answerPerEntry();
        List<String> bodies = bodies(25);

        assertEquals(List.of(), queue.send(bodies));

        List<LoggedRequest> requests = sqs.findAll(postRequestedFor(urlEqualTo("/")));
        assertEquals(3, requests.size());
        List<String> sent = new ArrayList<>();
        for (LoggedRequest request : requests) {
            assertEquals("AmazonSQS.SendMessageBatch", request.getHeader("X-Amz-Target"));
            assertEquals("application/x-amz-json-1.0", request.getHeader("Content-Type"));
            assertEquals("queue-session", request.getHeader("X-Amz-Security-Token"));
            assertTrue(request.getHeader("Authorization").startsWith(
                    "AWS4-HMAC-SHA256 Credential=ASIAQUEUEKEY/"), request.getHeader("Authorization"));
            assertTrue(request.getHeader("Authorization").contains("/us-east-1/sqs/aws4_request"));
            JsonNode body = JSON.readTree(request.getBody());
            assertEquals(sqs.baseUrl() + "/123456789012/pagos-renewals", body.path("QueueUrl").asText());
            assertTrue(body.path("Entries").size() <= 10, "at most 10 entries: " + body);
            body.path("Entries").forEach(entry -> sent.add(entry.path("MessageBody").asText()));
        }
        sent.sort(null);
        List<String> expected = new ArrayList<>(bodies);
        expected.sort(null);
        assertEquals(expected, sent, "every message sent once");
    }

    @Test
    void theEntriesSqsRefusesComeBackAndOnlyThose() {
        answerPerEntry();
        List<String> bodies = bodies(12);
        PerEntry.refuse = Set.of(bodies.get(3), bodies.get(11));

        assertEquals(List.of(bodies.get(3), bodies.get(11)), queue.send(bodies));
    }

    @Test
    void aBatchSqsAnswersWithAnErrorComesBackWhole() {
        // Throttled: 400 with the JSON protocol's error type; the other batch is taken.
        sqs.stubFor(post(urlEqualTo("/")).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock
                .containing("\"body-00\"")).atPriority(1).willReturn(aResponse().withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"__type\":\"com.amazonaws.sqs#ThrottlingException\",\"message\":\"Rate exceeded\"}")));
        answerPerEntry();
        List<String> bodies = bodies(15);

        List<String> unsent = queue.send(bodies);

        assertEquals(bodies.subList(0, 10), unsent);
    }

    @Test
    void anUnreachableQueueSendsNothingAndSaysSo() {
        sqs.stop();
        List<String> bodies = bodies(11);

        assertEquals(bodies, queue.send(bodies));
    }

    private void answerPerEntry() {
        sqs.stubFor(post(urlEqualTo("/")).atPriority(5).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.0").withTransformers("sqs-per-entry")));
    }

    private static List<String> bodies(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("body-%02d", i)).toList();
    }
}
