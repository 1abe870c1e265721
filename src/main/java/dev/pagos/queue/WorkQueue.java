package dev.pagos.queue;

import java.util.List;

/**
 * Where the scheduled billing run puts the work it found due, for workers to take: Amazon SQS on AWS
 * ({@link SqsWorkQueue}), an in-process stand-in with SQS's delivery rules in local mode. Delivery is at least once:
 * whoever consumes a message must make a second delivery harmless.
 */
public interface WorkQueue {

    /** Whether this queue can take messages; without one the billing run does the work itself, inline. */
    boolean configured();

    /**
     * Enqueues the bodies (in batches of at most {@link #MAX_BATCH}).
     *
     * @return the bodies the queue did not accept, for the caller to give back
     */
    List<String> send(List<String> bodies);

    /** SQS takes at most 10 messages per SendMessageBatch, and a Lambda event source mapping may deliver up to 10. */
    int MAX_BATCH = 10;
}
