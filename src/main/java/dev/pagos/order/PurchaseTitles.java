package dev.pagos.order;

import dev.pagos.catalog.PurchaseCatalog;
import dev.pagos.pricing.ItemKind;

/** What a plan/assistants/add-ons order is called on the buyer's page and in push messages. */
final class PurchaseTitles {

    private PurchaseTitles() {
    }

    static String of(PurchaseCatalog.Purchase purchase) {
        long assistants = purchase.items().stream().filter(i -> i.kind() == ItemKind.ASSISTANT).count();
        long addons = purchase.items().stream().filter(i -> i.kind() == ItemKind.ADDON).count();
        StringBuilder title = new StringBuilder(purchase.plan().map(p -> "Plan " + p.name).orElse("Assistants"));
        if (assistants > 0) {
            title.append(purchase.plan().isPresent() ? " + " : ": ").append(assistants)
                    .append(assistants == 1 ? " assistant" : " assistants");
        }
        if (addons > 0) {
            title.append(" + ").append(addons).append(addons == 1 ? " add-on" : " add-ons");
        }
        return title.append(" (").append(purchase.period().code()).append(")").toString();
    }
}
