package dev.pagos.local.queue;

import dev.pagos.queue.QueueMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.PriorityQueue;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-process queue with the SQS rules a consumer must be written for: delivery at least once (a received message
 * stays in the queue, invisible for the visibility timeout, until it is deleted; not deleted in time, it is delivered
 * again with a higher receive count), a batch of up to 10 per receive, and a redrive policy (a message received more
 * than maxReceiveCount times goes to the dead-letter queue instead). For load tests it can also deliver a share of
 * messages twice at once, as SQS standard queues occasionally do.
 */
public final class LocalSqsQueue {

    /** A message while it is in the queue (a duplicate delivery is a second one with the same message id). */
    private static final class Stored {
        final String messageId;
        final String body;
        int receiveCount;
        Instant visibleAt;
        String receipt;
        boolean deleted;

        Stored(String messageId, String body, Instant visibleAt) {
            this.messageId = messageId;
            this.body = body;
            this.visibleAt = visibleAt;
        }
    }

    /** What a receive hands out: the message as Lambda's event shows it, and the handle that deletes it. */
    public record Received(QueueMessage message, String receiptHandle) {
    }

    private static final Duration POLL_SLICE = Duration.ofMillis(50);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Stored> visible = new ArrayDeque<>();
    private final PriorityQueue<Stored> inFlight = new PriorityQueue<>(Comparator.comparing((Stored m) -> m.visibleAt));
    private final Map<String, Stored> byReceipt = new HashMap<>();
    private final List<String> deadLetters = new ArrayList<>();
    private final Clock clock;
    private final Duration visibilityTimeout;
    private final int maxReceiveCount;
    private volatile double duplicateShare;
    private long duplicatesDelivered;
    private int live;

    public LocalSqsQueue(Clock clock, Duration visibilityTimeout, int maxReceiveCount) {
        this.clock = clock;
        this.visibilityTimeout = visibilityTimeout;
        this.maxReceiveCount = maxReceiveCount;
    }

    /** The share of receives (0 to 1) that also hand the same message to a second receiver at once. */
    public void duplicateShare(double share) {
        this.duplicateShare = share;
    }

    public void send(Collection<String> bodies) {
        lock.lock();
        try {
            for (String body : bodies) {
                visible.addLast(new Stored(UUID.randomUUID().toString(), body, clock.instant()));
                live++;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code max} visible messages, each made invisible for the visibility timeout; waits up to {@code wait} for
     * one (long polling). A message past its maxReceiveCount is moved to the dead-letter queue instead.
     */
    public List<Received> receive(int max, Duration wait) throws InterruptedException {
        long waitNanos = wait.toNanos();
        lock.lock();
        try {
            while (true) {
                List<Received> batch = takeVisible(max);
                if (!batch.isEmpty() || waitNanos <= 0) {
                    return batch;
                }
                long slice = Math.min(waitNanos, POLL_SLICE.toNanos());
                changed.awaitNanos(slice);
                waitNanos -= slice;
            }
        } finally {
            lock.unlock();
        }
    }

    private List<Received> takeVisible(int max) {
        Instant now = clock.instant();
        // Messages whose visibility timeout ran out without a delete are visible again.
        while (!inFlight.isEmpty() && !inFlight.peek().visibleAt.isAfter(now)) {
            Stored expired = inFlight.poll();
            if (!expired.deleted) {
                byReceipt.remove(expired.receipt);
                visible.addLast(expired);
            }
        }
        List<Received> batch = new ArrayList<>();
        List<Stored> copies = new ArrayList<>();
        while (batch.size() < max && !visible.isEmpty()) {
            Stored stored = visible.pollFirst();
            if (stored.receiveCount >= maxReceiveCount) {
                live--;
                deadLetters.add(stored.body);
                continue;
            }
            stored.receiveCount++;
            stored.visibleAt = now.plus(visibilityTimeout);
            stored.receipt = UUID.randomUUID().toString();
            inFlight.add(stored);
            byReceipt.put(stored.receipt, stored);
            batch.add(new Received(new QueueMessage(stored.messageId, stored.body, stored.receiveCount), stored.receipt));
            if (duplicateShare > 0 && ThreadLocalRandom.current().nextDouble() < duplicateShare) {
                // A second copy is visible at once: another receiver gets the same message while this one works on it.
                duplicatesDelivered++;
                copies.add(new Stored(stored.messageId, stored.body, now));
            }
        }
        for (Stored copy : copies) {
            visible.addFirst(copy);
            live++;
            changed.signalAll();
        }
        return batch;
    }

    /** Deletes a received message by the handle of its latest receive; an older handle no longer counts (as in SQS). */
    public boolean delete(String receiptHandle) {
        lock.lock();
        try {
            Stored stored = byReceipt.remove(receiptHandle);
            if (stored == null) {
                return false;
            }
            stored.deleted = true;
            live--;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Messages in the queue, visible or in flight (not the dead-letter queue's). */
    public int size() {
        lock.lock();
        try {
            return live;
        } finally {
            lock.unlock();
        }
    }

    public List<String> deadLetters() {
        lock.lock();
        try {
            return List.copyOf(deadLetters);
        } finally {
            lock.unlock();
        }
    }

    public long duplicatesDelivered() {
        lock.lock();
        try {
            return duplicatesDelivered;
        } finally {
            lock.unlock();
        }
    }
}
