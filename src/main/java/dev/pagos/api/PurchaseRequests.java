package dev.pagos.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.catalog.PurchaseSelection;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.text.ControlCharacters;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Optional;

/**
 * The purchase part of a create-order or quote body, in the frontend's words: assistants and add-ons by number
 * (1) or by reference ("ventas"). Only shapes are checked here; the catalogue checks what they name.
 */
public final class PurchaseRequests {

    private static final int MAX_ITEMS = 20;
    private static final int MAX_NAME = 50;
    private static final int MAX_WORKSPACE_ID = 100;

    private PurchaseRequests() {
    }

    @RegisterForReflection
    public record AddonRequest(JsonNode id, Integer quantity, String botFlowId) {
    }

    /** Empty when the body names no plan, assistant, add-on or period. */
    public static Optional<PurchaseSelection> selection(String plan, JsonNode freeAssistant, List<JsonNode> paidAssistants,
            List<AddonRequest> addons, String period) {
        if (plan == null && freeAssistant == null && paidAssistants == null && addons == null && period == null) {
            return Optional.empty();
        }
        if ((paidAssistants != null && paidAssistants.size() > MAX_ITEMS) || (addons != null && addons.size() > MAX_ITEMS)) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "At most " + MAX_ITEMS + " assistants and add-ons");
        }
        List<PurchaseSelection.AddonChoice> choices = addons == null ? List.of() : addons.stream()
                .map(a -> {
                    if (a == null) {
                        throw new PagosException(ErrorCode.INVALID_REQUEST, "addons holds objects {id, quantity, botFlowId}");
                    }
                    return new PurchaseSelection.AddonChoice(name(a.id(), "addons[].id"), a.quantity(), a.botFlowId());
                })
                .toList();
        return Optional.of(new PurchaseSelection(plan == null ? null : text(plan, "plan"),
                freeAssistant == null || freeAssistant.isNull() ? null : name(freeAssistant, "freeAssistant"),
                paidAssistants == null ? List.of() : paidAssistants.stream().map(a -> name(a, "paidAssistants[]")).toList(),
                choices, period));
    }

    public static String workspaceId(String workspaceId) {
        if (workspaceId == null) {
            return null;
        }
        if (workspaceId.isBlank() || workspaceId.length() > MAX_WORKSPACE_ID
                || ControlCharacters.orFormatCharactersPresentIn(workspaceId)) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "workspaceId is 1 to " + MAX_WORKSPACE_ID
                    + " characters, without control characters");
        }
        return workspaceId;
    }

    /** A number or a reference, both kept as text: the catalogue accepts either. */
    private static String name(JsonNode node, String field) {
        if (node != null && node.canConvertToExactIntegral() && node.isIntegralNumber()) {
            return node.asText();
        }
        if (node != null && node.isTextual()) {
            return text(node.asText(), field);
        }
        throw new PagosException(ErrorCode.INVALID_REQUEST, field + " is a number or a reference");
    }

    private static String text(String value, String field) {
        if (value.isEmpty() || value.length() > MAX_NAME || ControlCharacters.presentIn(value)) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, field + " is 1 to " + MAX_NAME
                    + " characters, without control characters");
        }
        return value;
    }
}
