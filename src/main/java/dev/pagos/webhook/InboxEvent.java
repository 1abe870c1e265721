package dev.pagos.webhook;

import java.time.Instant;

/** A provider event as received, once per (provider, event id). */
public class InboxEvent {

    public Long id;

    public String provider;

    public String eventId;

    public String eventType;

    /** The raw body exactly as signed. */
    public String payload;

    public Instant receivedAt;

    public int attempts;

    /** While set and in the future, one delivery is applying this event and others must wait. */
    public Instant leaseUntil;

    public Instant processedAt;

    /** What applying the event did, or why the last attempt failed. */
    public String outcome;
}
