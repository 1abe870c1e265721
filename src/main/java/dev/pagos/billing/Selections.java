package dev.pagos.billing;

import dev.pagos.catalog.PurchaseCatalog;
import dev.pagos.catalog.PurchaseSelection;
import dev.pagos.pricing.ItemKind;
import dev.pagos.pricing.PricedItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subscription's selection as stored (jsonb) and read back: the plan, the free and paid assistants by number,
 * the add-ons with quantity and bot flow, and each item with its kind for the entitlements.
 */
public final class Selections {

    private Selections() {
    }

    public static Map<String, Object> of(PurchaseCatalog.Purchase purchase) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("plan", purchase.plan().map(p -> p.id).orElse(null));
        Integer free = null;
        List<Integer> paid = new ArrayList<>();
        List<Map<String, Object>> addons = new ArrayList<>();
        List<Map<String, Object>> items = new ArrayList<>();
        for (PricedItem item : purchase.items()) {
            switch (item.kind()) {
                case PLAN -> { }
                case ASSISTANT -> {
                    if (item.free()) {
                        free = Integer.valueOf(item.id());
                    } else {
                        paid.add(Integer.valueOf(item.id()));
                    }
                }
                case ADDON -> {
                    Map<String, Object> addon = new LinkedHashMap<>();
                    addon.put("id", Integer.valueOf(item.id()));
                    addon.put("reference", item.reference());
                    addon.put("quantity", item.quantity());
                    addon.put("botFlowId", item.botFlowId());
                    addons.add(addon);
                }
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("kind", item.kind().name());
            line.put("reference", item.reference());
            line.put("quantity", item.quantity());
            line.put("botFlowId", item.botFlowId());
            items.add(line);
        }
        map.put("freeAssistant", free);
        map.put("paidAssistants", paid);
        map.put("addons", addons);
        map.put("items", items);
        return map;
    }

    /** The stored selection as a request the catalogue can check again (with another period, plan, ...). */
    public static PurchaseSelection toRequest(Map<String, Object> selection, String period) {
        List<PurchaseSelection.AddonChoice> addons = addons(selection).stream()
                .map(a -> new PurchaseSelection.AddonChoice(String.valueOf(a.get("id")), (Integer) a.get("quantity"),
                        (String) a.get("botFlowId")))
                .toList();
        Object free = selection.get("freeAssistant");
        return new PurchaseSelection((String) selection.get("plan"), free == null ? null : String.valueOf(free),
                paidAssistants(selection).stream().map(String::valueOf).toList(), addons, period);
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> addons(Map<String, Object> selection) {
        Object addons = selection.get("addons");
        return addons == null ? List.of() : (List<Map<String, Object>>) addons;
    }

    @SuppressWarnings("unchecked")
    public static List<Integer> paidAssistants(Map<String, Object> selection) {
        Object paid = selection.get("paidAssistants");
        return paid == null ? List.of() : ((List<Number>) paid).stream().map(Number::intValue).toList();
    }

    public static Integer freeAssistant(Map<String, Object> selection) {
        Object free = selection.get("freeAssistant");
        return free == null ? null : ((Number) free).intValue();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> selection) {
        Object items = selection.get("items");
        return items == null ? List.of() : (List<Map<String, Object>>) items;
    }

    static ItemKind kindOf(Map<String, Object> item) {
        return ItemKind.valueOf((String) item.get("kind"));
    }
}
