package dev.pagos.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pagos.aws.AwsCredentials;
import dev.pagos.aws.AwsException;
import dev.pagos.aws.AwsHttp;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Amazon SQS's SendMessageBatch over its JSON protocol ({@code POST /} to {@code sqs.<region>.amazonaws.com} with
 * {@code X-Amz-Target: AmazonSQS.SendMessageBatch}), SigV4-signed by {@link AwsHttp} with the function role's
 * credentials, as Pagos calls every AWS API (no SDK: it would weigh on every cold start). Batches of 10 go out a few
 * at a time, so 100,000 messages take seconds, not minutes. A batch answers per entry: the failed entries (and every
 * entry of a batch that got no answer) are returned to the caller.
 */
@DefaultBean
@ApplicationScoped
public class SqsWorkQueue implements WorkQueue {

    private static final Logger LOG = Logger.getLogger(SqsWorkQueue.class);
    static final String TARGET = "AmazonSQS.SendMessageBatch";
    static final Map<String, String> HEADERS = Map.of("Content-Type", "application/x-amz-json-1.0",
            "X-Amz-Target", TARGET);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsHttp http;
    private final Optional<String> queueUrl;
    private final URI endpoint;
    private final int parallelSends;

    @Inject
    SqsWorkQueue(@ConfigProperty(name = "pagos.renewals.queue-url") Optional<String> queueUrl,
            @ConfigProperty(name = "pagos.push.region") String region,
            @ConfigProperty(name = "pagos.renewals.parallel-sends", defaultValue = "8") int parallelSends) {
        this(new AwsHttp(AwsCredentials.lambda(), region, "sqs"), queueUrl.filter(url -> !url.isBlank()),
                parallelSends);
    }

    SqsWorkQueue(AwsHttp http, Optional<String> queueUrl, int parallelSends) {
        this.http = http;
        this.queueUrl = queueUrl;
        // The queue URL's own host is the service endpoint (https://sqs.<region>.amazonaws.com/<account>/<name>).
        this.endpoint = queueUrl.map(url -> URI.create(url).resolve("/")).orElse(null);
        this.parallelSends = Math.max(1, parallelSends);
    }

    @Override
    public boolean configured() {
        return queueUrl.isPresent();
    }

    @Override
    public List<String> send(List<String> bodies) {
        if (queueUrl.isEmpty()) {
            throw new IllegalStateException("No queue configured (RENEWALS_QUEUE_URL)");
        }
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < bodies.size(); from += MAX_BATCH) {
            batches.add(bodies.subList(from, Math.min(bodies.size(), from + MAX_BATCH)));
        }
        List<String> unsent = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelSends, Math.max(1, batches.size())));
        try {
            List<CompletableFuture<List<String>>> sends = batches.stream()
                    .map(batch -> CompletableFuture.supplyAsync(() -> sendBatch(batch), pool)).toList();
            sends.forEach(send -> unsent.addAll(send.join()));
        } finally {
            pool.shutdown();
        }
        return unsent;
    }

    /** @return the bodies of this batch that SQS did not take */
    List<String> sendBatch(List<String> batch) {
        ObjectNode request = JSON.createObjectNode().put("QueueUrl", queueUrl.get());
        ArrayNode entries = request.putArray("Entries");
        for (int i = 0; i < batch.size(); i++) {
            entries.addObject().put("Id", String.valueOf(i)).put("MessageBody", batch.get(i));
        }
        try {
            AwsHttp.Response response = http.post(endpoint, HEADERS, JSON.writeValueAsBytes(request));
            if (!response.successful()) {
                LOG.warnf("SQS answered %d %s to SendMessageBatch; %d messages not sent", response.status(),
                        response.errorType(), batch.size());
                return batch;
            }
            JsonNode answer = JSON.readTree(response.body());
            Set<String> failed = new HashSet<>();
            for (JsonNode entry : answer.path("Failed")) {
                failed.add(entry.path("Id").asText());
                LOG.warnf("SQS refused a message: %s %s", entry.path("Code").asText(), entry.path("Message").asText());
            }
            List<String> unsent = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (failed.contains(String.valueOf(i))) {
                    unsent.add(batch.get(i));
                }
            }
            return unsent;
        } catch (AwsException | IOException e) {
            LOG.warnf("SendMessageBatch got no answer (%s); %d messages not sent", e.getMessage(), batch.size());
            return batch;
        }
    }
}
