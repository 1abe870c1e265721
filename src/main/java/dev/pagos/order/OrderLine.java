package dev.pagos.order;

import dev.pagos.pricing.ItemKind;
import java.util.UUID;

/** One item of a plan/assistants/add-ons order, with its amount for the whole period before any discount. */
public class OrderLine {

    public UUID id;

    public UUID orderId;

    public int position;

    public ItemKind kind;

    public String itemId;

    public String itemReference;

    public String name;

    public int quantity;

    /** The assistant that comes with the plan. */
    public boolean free;

    public String botFlowId;

    public long amountMinor;

    public String currency;
}
