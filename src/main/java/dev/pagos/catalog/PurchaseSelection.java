package dev.pagos.catalog;

import java.util.List;

/**
 * What a buyer asks for, as the client named it: a plan (or none, for assistants only), the assistant that comes
 * free with the plan, the paid assistants, add-ons with quantities, and the billing period. Assistants and add-ons
 * are named by number ("1") or by reference ("ventas"), as the frontend does.
 */
public record PurchaseSelection(String plan, String freeAssistant, List<String> paidAssistants, List<AddonChoice> addons,
        String period) {

    public record AddonChoice(String addon, Integer quantity, String botFlowId) {
    }

    public PurchaseSelection {
        paidAssistants = paidAssistants == null ? List.of() : List.copyOf(paidAssistants);
        addons = addons == null ? List.of() : List.copyOf(addons);
    }
}
