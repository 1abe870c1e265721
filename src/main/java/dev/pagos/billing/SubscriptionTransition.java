package dev.pagos.billing;

import java.time.Instant;
import java.util.UUID;

/** One line of a subscription's audit trail: a status change and what caused it. */
public class SubscriptionTransition {

    public Long id;

    public UUID subscriptionId;

    public SubscriptionStatus fromStatus;

    public SubscriptionStatus toStatus;

    /** "owner", "webhook:wompi:<event>", "renewals", "dunning", ... */
    public String cause;

    /** For people: a provider's status, a reason. Never card data. */
    public String detail;

    public Instant occurredAt;
}
