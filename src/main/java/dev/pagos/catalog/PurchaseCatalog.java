package dev.pagos.catalog;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.persistence.Transactions;
import dev.pagos.pricing.BillingPeriod;
import dev.pagos.pricing.ItemKind;
import dev.pagos.pricing.PricedItem;
import dev.pagos.text.ControlCharacters;
import dev.pagos.text.Truncate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The plans, AI assistants and add-ons on sale, and the check that turns a buyer's selection into priced items.
 * A selection that names anything unknown, lists the free assistant among the paid ones, repeats an item, asks for
 * a quantity outside 1..max or holds nothing is refused with its own error code before anything is written. A free
 * assistant named without a plan is charged as a paid one (the seed's assistants-only purchase sends one).
 */
@ApplicationScoped
public class PurchaseCatalog {

    private static final int MAX_BOT_FLOW_ID = 100;

    public record Offers(List<Plan> plans, List<Assistant> assistants, List<Addon> addons) {
    }

    /** A checked selection: priced items (the plan first) and the period. */
    public record Purchase(List<PricedItem> items, BillingPeriod period, Optional<Plan> plan) {
    }

    public Offers offers() {
        return Transactions.autocommit(() -> CatalogStore.activePlans()
                .flatMap(plans -> CatalogStore.activeAssistants()
                        .flatMap(assistants -> CatalogStore.activeAddons()
                                .map(addons -> new Offers(plans, assistants, addons)))));
    }

    public Purchase resolve(PurchaseSelection selection) {
        BillingPeriod period = selection.period() == null ? BillingPeriod.MONTHLY
                : BillingPeriod.fromCode(selection.period()).orElseThrow(() -> new PagosException(ErrorCode.INVALID_PERIOD,
                        "period is 'monthly' or 'annual'"));
        Offers offers = offers();
        List<PricedItem> items = new ArrayList<>();
        Optional<Plan> plan = Optional.empty();
        if (selection.plan() != null) {
            Plan found = offers.plans().stream().filter(p -> p.id.equals(selection.plan())).findFirst()
                    .orElseThrow(() -> new PagosException(ErrorCode.PLAN_NOT_FOUND, "No plan '" + shown(selection.plan()) + "'"));
            plan = Optional.of(found);
            items.add(new PricedItem(ItemKind.PLAN, found.id, found.id, found.name, found.monthlyPrice(), 1, false, null));
        }
        Set<Integer> assistantsSeen = new HashSet<>();
        List<String> paidAssistants = selection.paidAssistants();
        if (selection.freeAssistant() != null && plan.isEmpty()) {
            // The seed's frontend sends its first chosen assistant as the free one even when no plan is bought. An
            // assistant is free only with a plan, so without one it is one more paid assistant, priced as the seed
            // prices it (its assistants-only purchase charges every assistant).
            paidAssistants = new ArrayList<>(paidAssistants);
            paidAssistants.add(0, selection.freeAssistant());
        } else if (selection.freeAssistant() != null) {
            Assistant free = assistant(offers, selection.freeAssistant());
            assistantsSeen.add(free.id);
            items.add(assistantItem(free, true));
        }
        for (String named : paidAssistants) {
            Assistant paid = assistant(offers, named);
            if (!assistantsSeen.add(paid.id)) {
                boolean isFree = plan.isPresent() && selection.freeAssistant() != null
                        && paid.id == assistant(offers, selection.freeAssistant()).id;
                throw isFree
                        ? new PagosException(ErrorCode.FREE_ASSISTANT_ALSO_PAID,
                                "Assistant '" + paid.reference + "' comes free with the plan; do not list it as paid")
                        : new PagosException(ErrorCode.DUPLICATE_ITEM, "Assistant '" + paid.reference + "' is listed twice");
            }
            items.add(assistantItem(paid, false));
        }
        Set<Integer> addonsSeen = new HashSet<>();
        for (PurchaseSelection.AddonChoice choice : selection.addons()) {
            if (choice == null || choice.addon() == null) {
                throw new PagosException(ErrorCode.INVALID_REQUEST, "Each add-on needs an id");
            }
            Addon addon = offers.addons().stream().filter(a -> names(a.id, a.reference, choice.addon())).findFirst()
                    .orElseThrow(() -> new PagosException(ErrorCode.ADDON_NOT_FOUND, "No add-on '" + shown(choice.addon()) + "'"));
            if (!addonsSeen.add(addon.id)) {
                throw new PagosException(ErrorCode.DUPLICATE_ITEM, "Add-on '" + addon.reference
                        + "' is listed twice; give one quantity");
            }
            int quantity = choice.quantity() == null ? 1 : choice.quantity();
            if (quantity < 1 || quantity > addon.maxQuantity) {
                throw new PagosException(ErrorCode.INVALID_QUANTITY, "Quantity of add-on '" + addon.reference
                        + "' must be between 1 and " + addon.maxQuantity);
            }
            items.add(new PricedItem(ItemKind.ADDON, String.valueOf(addon.id), addon.reference, addon.name,
                    addon.monthlyPrice(), quantity, false, botFlow(addon, choice.botFlowId())));
        }
        if (items.isEmpty()) {
            throw new PagosException(ErrorCode.EMPTY_PURCHASE, "Choose a plan or at least one assistant or add-on");
        }
        if (plan.isEmpty() && items.stream().noneMatch(i -> i.kind() == ItemKind.ASSISTANT)) {
            // Add-ons extend a workspace's plan or assistants; alone they buy nothing usable.
            throw new PagosException(ErrorCode.EMPTY_PURCHASE, "Add-ons come with a plan or with assistants");
        }
        return new Purchase(items, period, plan);
    }

    private static String botFlow(Addon addon, String botFlowId) {
        if (botFlowId == null || botFlowId.isEmpty()) {
            return null;
        }
        if (!addon.takesBotFlow) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "Add-on '" + addon.reference + "' takes no bot flow");
        }
        if (botFlowId.length() > MAX_BOT_FLOW_ID || ControlCharacters.presentIn(botFlowId)) {
            throw new PagosException(ErrorCode.INVALID_REQUEST, "botFlowId is at most " + MAX_BOT_FLOW_ID
                    + " characters, without control characters");
        }
        return botFlowId;
    }

    private static PricedItem assistantItem(Assistant assistant, boolean free) {
        return new PricedItem(ItemKind.ASSISTANT, String.valueOf(assistant.id), assistant.reference, assistant.name,
                assistant.monthlyPrice(), 1, free, null);
    }

    private static Assistant assistant(Offers offers, String named) {
        return offers.assistants().stream().filter(a -> names(a.id, a.reference, named)).findFirst()
                .orElseThrow(() -> new PagosException(ErrorCode.ASSISTANT_NOT_FOUND, "No assistant '" + shown(named) + "'"));
    }

    /** Numeric id or string reference, as the frontend's ID maps use both. */
    private static boolean names(int id, String reference, String named) {
        return named != null && (named.equals(String.valueOf(id)) || named.equals(reference));
    }

    private static String shown(String clientInput) {
        return Truncate.toLength(ControlCharacters.presentIn(clientInput) ? "?" : clientInput, 40);
    }
}
