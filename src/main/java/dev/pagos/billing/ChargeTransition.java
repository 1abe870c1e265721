package dev.pagos.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One line of a charge's audit trail: a status change and what caused it. */
@Entity
@Table(name = "charge_transitions")
public class ChargeTransition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "charge_id")
    public UUID chargeId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public ChargeStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public ChargeStatus toStatus;

    /** "owner", "webhook:wompi:<event>", "renewals", "dunning", ... */
    public String cause;

    /** For people: a provider's status, a reason. Never card data. */
    public String detail;

    @Column(name = "occurred_at")
    public Instant occurredAt;
}
