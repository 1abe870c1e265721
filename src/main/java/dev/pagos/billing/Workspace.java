package dev.pagos.billing;

import java.time.Instant;

/** A workspace and the user who owns it: whoever subscribed it first. */
public class Workspace {

    public String id;

    public String ownerId;

    public Instant createdAt;

    /** A subscribe is under way until then (null: none); see {@code SubscriptionService#subscribe}. */
    public Instant subscribingUntil;
}
