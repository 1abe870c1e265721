package dev.pagos.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Lambda SQS event and its answer, as plain maps (the shape Lambda sends and expects; the events library's
 * SQSEvent does not bind from Lambda's capitalised "Records"): {@code Records[]} with messageId, body and
 * attributes.ApproximateReceiveCount in, {@code {"batchItemFailures":[{"itemIdentifier": messageId}]}} out, so
 * the messages not named are deleted and the named ones come back after the visibility timeout.
 */
public final class SqsEvents {

    private SqsEvents() {
    }

    public static List<QueueMessage> messages(Map<String, Object> event) {
        Object records = event == null ? null : event.get("Records");
        if (!(records instanceof List<?> list)) {
            throw new IllegalArgumentException("not an SQS event: no Records");
        }
        List<QueueMessage> messages = new ArrayList<>(list.size());
        for (Object item : list) {
            Map<?, ?> record = (Map<?, ?>) item;
            Object attributes = record.get("attributes");
            Object count = attributes instanceof Map<?, ?> map ? map.get("ApproximateReceiveCount") : null;
            messages.add(new QueueMessage(String.valueOf(record.get("messageId")), String.valueOf(record.get("body")),
                    count == null ? 1 : Integer.parseInt(String.valueOf(count))));
        }
        return messages;
    }

    /** The event Lambda would send for these messages (the local stand-in's deliveries). */
    public static Map<String, Object> event(List<QueueMessage> messages, String queueArn) {
        List<Map<String, Object>> records = messages.stream().<Map<String, Object>>map(message -> Map.of(
                "messageId", message.messageId(),
                "body", message.body(),
                "attributes", Map.of("ApproximateReceiveCount", String.valueOf(message.receiveCount())),
                "eventSource", "aws:sqs",
                "eventSourceARN", queueArn)).toList();
        return Map.of("Records", records);
    }

    public static Map<String, Object> batchItemFailures(List<String> failedMessageIds) {
        return Map.of("batchItemFailures",
                failedMessageIds.stream().map(id -> Map.of("itemIdentifier", id)).toList());
    }

    /** The message ids an answer names as failed (the local stand-in reads the worker's answer as Lambda does). */
    public static List<String> failedIds(Map<String, Object> answer) {
        Object failures = answer == null ? null : answer.get("batchItemFailures");
        if (!(failures instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(failure -> String.valueOf(((Map<?, ?>) failure).get("itemIdentifier"))).toList();
    }
}
