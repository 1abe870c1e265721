package dev.pagos.local.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.support.HandClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The in-process queue keeps the SQS rules the renewal worker is written for. */
class LocalSqsQueueTest {

    private final HandClock clock = new HandClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final LocalSqsQueue queue = new LocalSqsQueue(clock, Duration.ofSeconds(120), 3);

    @Test
    void aReceivedMessageIsInvisibleUntilItsVisibilityTimeoutThenDeliveredAgain() throws Exception {
        queue.send(List.of("a"));
        LocalSqsQueue.Received first = queue.receive(10, Duration.ZERO).get(0);
        assertEquals(1, first.message().receiveCount());
        assertEquals(List.of(), queue.receive(10, Duration.ZERO), "in flight: nobody else gets it");

        clock.now = clock.now.plusSeconds(121);
        LocalSqsQueue.Received second = queue.receive(10, Duration.ZERO).get(0);
        assertEquals(first.message().messageId(), second.message().messageId());
        assertEquals(2, second.message().receiveCount());
        assertFalse(queue.delete(first.receiptHandle()), "an older receipt handle no longer deletes it");
        assertTrue(queue.delete(second.receiptHandle()));
        clock.now = clock.now.plusSeconds(121);
        assertEquals(List.of(), queue.receive(10, Duration.ZERO), "deleted: never delivered again");
        assertEquals(0, queue.size());
    }

    @Test
    void aMessageReceivedMaxReceiveCountTimesWithoutADeleteGoesToTheDeadLetterQueue() throws Exception {
        queue.send(List.of("poison", "fine"));
        for (int receive = 1; receive <= 3; receive++) {
            List<LocalSqsQueue.Received> batch = queue.receive(10, Duration.ZERO);
            assertEquals(receive == 1 ? 2 : 1, batch.size());
            batch.stream().filter(r -> r.message().body().equals("fine")).forEach(r -> queue.delete(r.receiptHandle()));
            clock.now = clock.now.plusSeconds(121);
        }
        assertEquals(List.of(), queue.receive(10, Duration.ZERO));
        assertEquals(List.of("poison"), queue.deadLetters());
        assertEquals(0, queue.size());
    }

    @Test
    void aBatchHoldsAtMostTheAskedNumberAndTheRestWaits() throws Exception {
        queue.send(IntStream.range(0, 25).mapToObj(i -> "m" + i).toList());
        assertEquals(10, queue.receive(10, Duration.ZERO).size());
        assertEquals(10, queue.receive(10, Duration.ZERO).size());
        assertEquals(5, queue.receive(10, Duration.ZERO).size());
        assertEquals(25, queue.size(), "received is not deleted");
    }

    @Test
    void aDuplicatedDeliveryHandsTheSameMessageToASecondReceiver() throws Exception {
        queue.duplicateShare(1.0);
        queue.send(List.of("twice"));
        LocalSqsQueue.Received one = queue.receive(10, Duration.ZERO).get(0);
        LocalSqsQueue.Received other = queue.receive(10, Duration.ZERO).get(0);
        assertEquals(one.message().messageId(), other.message().messageId());
        assertEquals("twice", other.message().body());
        assertEquals(1, queue.duplicatesDelivered() >= 1 ? 1 : 0);
    }

    @Test
    void aLongPollWaitsForAMessage() throws Exception {
        Thread sender = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            queue.send(List.of("late"));
        });
        sender.start();
        assertEquals("late", queue.receive(10, Duration.ofSeconds(5)).get(0).message().body());
        sender.join();
    }
}
