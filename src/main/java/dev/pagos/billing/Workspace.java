package dev.pagos.billing;

import java.time.Instant;

/** A workspace and the user who owns it: whoever subscribed it first. */
public class Workspace {

    public String id;

    public String ownerId;

    public Instant createdAt;
}
