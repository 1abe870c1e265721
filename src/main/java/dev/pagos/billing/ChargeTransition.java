package dev.pagos.billing;

import java.time.Instant;
import java.util.UUID;

/** One line of a charge's audit trail: a status change and what caused it. */
public class ChargeTransition {

    public Long id;

    public UUID chargeId;

    public ChargeStatus fromStatus;

    public ChargeStatus toStatus;

    /** "owner", "webhook:wompi:<event>", "renewals", "dunning", ... */
    public String cause;

    /** For people: a provider's status, a reason. Never card data. */
    public String detail;

    public Instant occurredAt;
}
