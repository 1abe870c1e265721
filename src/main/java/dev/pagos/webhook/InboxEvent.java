package dev.pagos.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A provider event as received, once per (provider, event id). */
@Entity
@Table(name = "webhook_inbox")
public class InboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String provider;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "event_type")
    public String eventType;

    /** The raw body exactly as signed. */
    @Column(columnDefinition = "text")
    public String payload;

    @Column(name = "received_at")
    public Instant receivedAt;

    public int attempts;

    /** While set and in the future, one delivery is applying this event and others must wait. */
    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "processed_at")
    public Instant processedAt;

    /** What applying the event did, or why the last attempt failed. */
    public String outcome;
}
