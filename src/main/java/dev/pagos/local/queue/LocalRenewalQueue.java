package dev.pagos.local.queue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pagos.function.Routes;
import dev.pagos.queue.QueueMessage;
import dev.pagos.queue.SqsEvents;
import dev.pagos.queue.WorkQueue;
import io.quarkus.arc.profile.UnlessBuildProfile;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Local mode's stand-in for the renewal queue and its Lambda event source mapping: what subscriptions-renew
 * enqueues goes to an in-process {@link LocalSqsQueue} (SQS's delivery rules, a dead-letter queue after
 * maxReceiveCount), and a few worker threads, standing in for the renewal-worker function's concurrency, receive
 * batches of up to 10 and call the same renewal-worker function with the same SQS event Lambda would send; what its
 * answer names as batch item failures stays in the queue, the rest is deleted, and a function that throws leaves the
 * whole batch (as Lambda does). Not part of production builds.
 */
@UnlessBuildProfile("prod")
@ApplicationScoped
public class LocalRenewalQueue implements WorkQueue {

    private static final Logger LOG = Logger.getLogger(LocalRenewalQueue.class);
    static final String ARN = "arn:aws:sqs:local:000000000000:pagos-renewals";
    private static final Duration LONG_POLL = Duration.ofMillis(500);

    private final LocalSqsQueue queue;
    private final RequestHandler<Map<String, Object>, Map<String, Object>> worker;
    private final List<Thread> workers = new ArrayList<>();
    private final int defaultWorkers;
    private volatile boolean running = true;

    LocalRenewalQueue(@Any Instance<RequestHandler<Map<String, Object>, Map<String, Object>>> functions, Clock clock,
            @ConfigProperty(name = "pagos.local.renewal-queue.visibility-timeout", defaultValue = "PT2M") Duration visibility,
            @ConfigProperty(name = "pagos.local.renewal-queue.max-receive-count", defaultValue = "5") int maxReceiveCount,
            @ConfigProperty(name = "pagos.local.renewal-queue.workers", defaultValue = "2") int workers) {
        this.worker = functions.select(NamedLiteral.of(Routes.RENEWAL_WORKER)).get();
        this.queue = new LocalSqsQueue(clock, visibility, maxReceiveCount);
        this.defaultWorkers = workers;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public List<String> send(List<String> bodies) {
        queue.send(bodies);
        synchronized (workers) {
            if (workers.isEmpty()) {
                startWorkers(defaultWorkers);
            }
        }
        return List.of();
    }

    /** Sets how many workers consume the queue (Lambda's concurrency for the function), starting them now. */
    public void startWorkers(int count) {
        synchronized (workers) {
            while (workers.size() < count) {
                Thread thread = new Thread(this::consume, "local-renewal-worker-" + workers.size());
                thread.setDaemon(true);
                thread.start();
                workers.add(thread);
            }
        }
    }

    public LocalSqsQueue queue() {
        return queue;
    }

    private void consume() {
        while (running) {
            try {
                List<LocalSqsQueue.Received> batch = queue.receive(MAX_BATCH, LONG_POLL);
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Local renewal worker: %s", e.getMessage());
            }
        }
    }

    private void deliver(List<LocalSqsQueue.Received> batch) {
        List<QueueMessage> messages = batch.stream().map(LocalSqsQueue.Received::message).toList();
        Set<String> failed;
        try {
            failed = new HashSet<>(SqsEvents.failedIds(worker.handleRequest(SqsEvents.event(messages, ARN), null)));
        } catch (RuntimeException e) {
            LOG.warnf("renewal-worker failed a batch of %d (all come back): %s", batch.size(), e.getMessage());
            return;
        }
        for (LocalSqsQueue.Received received : batch) {
            if (!failed.contains(received.message().messageId())) {
                queue.delete(received.receiptHandle());
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        synchronized (workers) {
            workers.forEach(Thread::interrupt);
        }
    }
}
