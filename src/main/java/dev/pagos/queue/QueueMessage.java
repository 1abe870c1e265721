package dev.pagos.queue;

/**
 * One message as a worker receives it: SQS's id (what a batch item failure names), its body, and how many times it
 * has been delivered (ApproximateReceiveCount; above 1 it is a redelivery).
 */
public record QueueMessage(String messageId, String body, int receiveCount) {
}
