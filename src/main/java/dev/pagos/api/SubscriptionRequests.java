package dev.pagos.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pagos.billing.PaymentChoice;
import dev.pagos.billing.SubscriptionService;
import dev.pagos.catalog.PurchaseSelection;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.provider.CardDetails;
import dev.pagos.text.ControlCharacters;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Subscription request bodies in the seed frontend's words (snake_case, {@code workspace_id} as a number or a
 * string, add-ons with {@code botFlowNs} or {@code bot_flow_ns}, {@code card_details}). Fields Pagos does not use
 * (document type and number, {@code assistants_only}) are accepted and ignored. No message here ever quotes a card
 * field's value.
 */
public final class SubscriptionRequests {

    private static final int MAX_ITEMS = 20;

    private SubscriptionRequests() {
    }

    @RegisterForReflection
    public record AddonBody(JsonNode id, Integer quantity, String botFlowNs, String bot_flow_ns, String botFlowId) {

        String flow() {
            String flow = botFlowNs != null ? botFlowNs : bot_flow_ns != null ? bot_flow_ns : botFlowId;
            return flow == null || flow.isEmpty() ? null : flow;
        }
    }

    @RegisterForReflection
    public record ExpDate(JsonNode year, JsonNode month) {
    }

    @RegisterForReflection
    public record CardBody(ExpDate exp_date, String card_holder, JsonNode card_number, JsonNode cvv) {

        /** Never printed: a failed request must not put the card in a log. */
        @Override
        public String toString() {
            return "CardBody[redacted]";
        }
    }

    @RegisterForReflection
    public record SubscribeBody(JsonNode workspace_id, String workspace_name, String owner_email, String email, String phone,
            String plan_id, JsonNode free_assistant_id, List<JsonNode> paid_assistant_ids, List<AddonBody> addons,
            String period, String billing_period, String card_token, CardBody card_details, String payment_method) {

        @Override
        public String toString() {
            return "SubscribeBody[workspace " + workspace_id + "]";
        }
    }

    @RegisterForReflection
    public record UpdateBody(String plan_id, JsonNode free_assistant_id, List<JsonNode> paid_assistant_ids,
            List<AddonBody> addons, String owner_email, String email, String card_token, CardBody card_details,
            String payment_method) {

        @Override
        public String toString() {
            return "UpdateBody[...]";
        }
    }

    public static SubscriptionService.Subscribe subscribe(SubscribeBody body) {
        String email = email(body.email() != null ? body.email() : body.owner_email(), true);
        String period = body.period() != null ? body.period() : body.billing_period();
        PurchaseSelection selection = new PurchaseSelection(text(body.plan_id(), "plan_id", 50),
                assistant(body.free_assistant_id(), "free_assistant_id"), assistants(body.paid_assistant_ids()),
                addons(body.addons()), period == null ? "monthly" : period);
        return new SubscriptionService.Subscribe(workspaceId(body.workspace_id()),
                text(body.workspace_name(), "workspace_name", 200), email, text(body.phone(), "phone", 50), selection,
                paymentIfAny(body.card_token(), body.card_details()), PaymentChoice.of(body.payment_method()));
    }

    public static SubscriptionService.Change change(UpdateBody body) {
        String email = email(body.email() != null ? body.email() : body.owner_email(), false);
        return new SubscriptionService.Change(text(body.plan_id(), "plan_id", 50),
                assistant(body.free_assistant_id(), "free_assistant_id"),
                body.paid_assistant_ids() == null ? null : assistants(body.paid_assistant_ids()),
                body.addons() == null ? null : addons(body.addons()), body.addons() != null, email);
    }

    /** Null when the body names no card. */
    public static SubscriptionService.PaymentMethod paymentIfAny(String token, CardBody card) {
        return token == null && card == null ? null : payment(token, card);
    }

    private static SubscriptionService.PaymentMethod payment(String token, CardBody card) {
        if (token != null && card != null) {
            throw invalid("Give card_token or card_details, not both");
        }
        if (token != null) {
            if (!token.matches("[A-Za-z0-9_.-]{1,100}")) {
                throw invalid("card_token is a token made with the payment provider's public key");
            }
            return new SubscriptionService.PaymentMethod(token, null);
        }
        if (card == null) {
            throw invalid("A card is required: card_token (made in the browser) or card_details");
        }
        String number = digits(card.card_number(), "card_details.card_number").replace(" ", "");
        if (!number.matches("\\d{12,19}")) {
            throw new PagosException(ErrorCode.CARD_INVALID, "card_details.card_number must be 12 to 19 digits");
        }
        if (!CardDetails.passesLuhn(number)) {
            throw new PagosException(ErrorCode.CARD_INVALID, "card_details.card_number is not a valid card number;"
                    + " check the digits");
        }
        String cvc = digits(card.cvv(), "card_details.cvv");
        if (!cvc.matches("\\d{3,4}")) {
            throw invalid("card_details.cvv must be 3 or 4 digits");
        }
        if (card.exp_date() == null) {
            throw invalid("card_details.exp_date {year, month} is required");
        }
        int month = number(card.exp_date().month(), "card_details.exp_date.month");
        int year = number(card.exp_date().year(), "card_details.exp_date.year");
        if (month < 1 || month > 12 || year < 0 || (year > 99 && (year < 2000 || year > 2099))) {
            throw invalid("card_details.exp_date is a month 1-12 and a year (two or four digits)");
        }
        String holder = card.card_holder();
        if (holder == null || holder.isBlank() || holder.length() > 100) {
            throw invalid("card_details.card_holder is 1 to 100 characters");
        }
        return new SubscriptionService.PaymentMethod(null, new CardDetails(number, cvc, "%02d".formatted(month),
                "%02d".formatted(year % 100), holder.trim()));
    }

    private static String digits(JsonNode node, String field) {
        if (node != null && (node.isTextual() || node.isIntegralNumber())) {
            return node.asText();
        }
        throw invalid(field + " is required (digits)");
    }

    private static int number(JsonNode node, String field) {
        if (node != null && node.canConvertToInt() && node.isIntegralNumber()) {
            return node.asInt();
        }
        if (node != null && node.isTextual() && node.asText().matches("\\d{1,4}")) {
            return Integer.parseInt(node.asText());
        }
        throw invalid(field + " is a number");
    }

    private static List<PurchaseSelection.AddonChoice> addons(List<AddonBody> addons) {
        if (addons == null) {
            return List.of();
        }
        if (addons.size() > MAX_ITEMS) {
            throw invalid("At most " + MAX_ITEMS + " add-ons");
        }
        return addons.stream().map(a -> {
            if (a == null) {
                throw invalid("addons holds objects {id, quantity, bot_flow_ns}");
            }
            return new PurchaseSelection.AddonChoice(assistant(a.id(), "addons[].id"), a.quantity(), a.flow());
        }).toList();
    }

    private static List<String> assistants(List<JsonNode> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MAX_ITEMS) {
            throw invalid("At most " + MAX_ITEMS + " assistants");
        }
        return ids.stream().map(id -> assistant(id, "paid_assistant_ids[]")).toList();
    }

    /** A number or a reference, kept as text: the catalogue accepts either. */
    private static String assistant(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asText();
        }
        if (node.isTextual()) {
            return text(node.asText(), field, 50);
        }
        throw invalid(field + " is a number or a reference");
    }

    static String workspaceId(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid("workspace_id is required");
        }
        String id = node.isIntegralNumber() ? node.asText() : node.isTextual() ? node.asText() : null;
        if (id == null || id.isBlank() || id.length() > 100 || ControlCharacters.orFormatCharactersPresentIn(id)) {
            throw invalid("workspace_id is a number or 1 to 100 characters");
        }
        return id;
    }

    public static String workspaceId(String pathValue) {
        if (pathValue.length() > 100) {
            throw invalid("workspaceId is at most 100 characters");
        }
        return pathValue;
    }

    private static String email(String email, boolean required) {
        if (email == null) {
            if (required) {
                throw invalid("owner_email (or email) is required: the payment provider needs the payer's email");
            }
            return null;
        }
        if (email.length() > 320 || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw invalid("email is not an email address");
        }
        return email;
    }

    private static String text(String value, String field, int max) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > max || ControlCharacters.presentIn(value)) {
            throw invalid(field + " is 1 to " + max + " characters, without control characters");
        }
        return value;
    }

    private static PagosException invalid(String message) {
        return new PagosException(ErrorCode.INVALID_REQUEST, message);
    }
}
