package dev.pagos.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Works through one delivered batch with at most {@code parallelism} messages at a time, and names the ones to
 * deliver again. A renewal spends most of its time waiting on the provider (hundreds of milliseconds) and holds no
 * database connection meanwhile, so a few at once multiply what one function instance does without multiplying its
 * connections (the pool is shared and bounded).
 */
public final class BatchWork {

    private static final Logger LOG = Logger.getLogger(BatchWork.class);

    private BatchWork() {
    }

    /**
     * @param done true when the message is finished with (delete it), false when it should come back later; a
     *             message whose work throws comes back too
     * @return the message ids to name as batch item failures
     */
    public static List<String> failures(List<QueueMessage> messages, int parallelism, Predicate<QueueMessage> done) {
        List<String> failed = new ArrayList<>();
        if (messages.isEmpty()) {
            return failed;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, messages.size())));
        try {
            List<Future<Boolean>> work = messages.stream().map(message -> pool.submit(() -> done.test(message))).toList();
            for (int i = 0; i < messages.size(); i++) {
                QueueMessage message = messages.get(i);
                try {
                    if (!work.get(i).get()) {
                        failed.add(message.messageId());
                    }
                } catch (ExecutionException e) {
                    LOG.warnf("Message %s (delivery %d) failed: %s", message.messageId(), message.receiveCount(),
                            e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                    failed.add(message.messageId());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.add(message.messageId());
                }
            }
        } finally {
            pool.shutdown();
        }
        return failed;
    }
}
