package dev.pagos.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.pagos.provider.wompi.WompiSignatures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wompi's recurring-charge calls as the contract describes them, with state: GET /merchants/{public key}
 * (acceptance tokens), POST /tokens/cards (public key), POST /payment_sources and POST /transactions (private key,
 * integrity signature checked), GET /transactions/{id} and GET /transactions?reference=. Sandbox card rules: 4242...
 * approves, 4111... declines, any other number errors. A transaction is PENDING when created and has its outcome
 * when read back, as Wompi's asynchronous card charges do. Tests can make the next charges go unanswered.
 */
public class WompiRecurringFake implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "wompi-recurring";
    public static final String ACCEPTANCE_TOKEN = "acceptance-pagos-tests";
    public static final String PERSONAL_DATA_TOKEN = "personal-data-pagos-tests";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TOKEN_OUTCOMES = new ConcurrentHashMap<>();
    private static final Map<String, String> SOURCE_OUTCOMES = new ConcurrentHashMap<>();
    private static final Map<String, ObjectNode> TRANSACTIONS = new ConcurrentHashMap<>();
    private static final AtomicLong SOURCE_IDS = new AtomicLong(3000);
    private static final AtomicInteger UNANSWERED = new AtomicInteger();
    private static volatile boolean recordUnanswered;
    /** Only charges on this payment source go unanswered; null: any charge. */
    private static volatile String unansweredSource;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** The next {@code count} charges get a 503; when {@code reachedWompi}, each is made all the same (a lost answer). */
    public static void nextChargesUnanswered(int count, boolean reachedWompi) {
        nextChargesUnanswered(null, count, reachedWompi);
    }

    /**
     * As {@link #nextChargesUnanswered(int, boolean)}, for charges on one payment source only. Other tests' live
     * subscriptions share the database and fall due when a test moves the clock, so a billing run may charge them
     * first; with a source given they are answered as usual and cannot use up the failures meant for this one.
     */
    public static void nextChargesUnanswered(String paymentSourceId, int count, boolean reachedWompi) {
        recordUnanswered = reachedWompi;
        unansweredSource = paymentSourceId;
        UNANSWERED.set(count);
    }

    /** Every transaction made with this payment source, oldest first. */
    public static List<ObjectNode> transactionsOf(String paymentSourceId) {
        return TRANSACTIONS.values().stream()
                .filter(t -> t.path("payment_source_id").asText().equals(paymentSourceId))
                .sorted(java.util.Comparator.comparing(t -> t.path("created_at").asText()))
                .toList();
    }

    /** Whether the source behaves as an approving card from now on (a card change at the bank, as it were). */
    public static void sourceNowBehavesAs(String paymentSourceId, String outcome) {
        SOURCE_OUTCOMES.put(paymentSourceId, outcome);
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String path = request.getUrl();
        try {
            if (path.startsWith("/v1/merchants/")) {
                return merchant(path.substring("/v1/merchants/".length()));
            }
            if (path.equals("/v1/tokens/cards")) {
                return tokenize(request);
            }
            if (path.equals("/v1/payment_sources")) {
                return paymentSource(request);
            }
            if (path.equals("/v1/transactions") && request.getMethod().getName().equals("POST")) {
                return charge(request);
            }
            if (path.startsWith("/v1/transactions?reference=")) {
                return byReference(java.net.URLDecoder.decode(path.substring("/v1/transactions?reference=".length()),
                        java.nio.charset.StandardCharsets.UTF_8), request);
            }
            if (path.startsWith("/v1/transactions/")) {
                return read(path.substring("/v1/transactions/".length()), request);
            }
            return answer(404, error("NOT_FOUND_ERROR"));
        } catch (Exception e) {
            return answer(422, error("INPUT_VALIDATION_ERROR"));
        }
    }

    private ResponseDefinition merchant(String publicKey) {
        if (!WompiFake.PUBLIC_KEY.equals(publicKey)) {
            return answer(404, error("NOT_FOUND_ERROR"));
        }
        ObjectNode data = JSON.createObjectNode().put("id", 1).put("name", "Pagos tests");
        data.putObject("presigned_acceptance").put("acceptance_token", ACCEPTANCE_TOKEN).put("permalink", "https://wompi.example/terms");
        data.putObject("presigned_personal_data_auth").put("acceptance_token", PERSONAL_DATA_TOKEN);
        return ok(data);
    }

    private ResponseDefinition tokenize(Request request) throws Exception {
        if (!("Bearer " + WompiFake.PUBLIC_KEY).equals(request.getHeader("Authorization"))) {
            return answer(401, error("INVALID_ACCESS_TOKEN"));
        }
        JsonNode body = JSON.readTree(request.getBodyAsString());
        String number = body.path("number").asText();
        if (!number.matches("\\d{12,19}") || !body.path("cvc").asText().matches("\\d{3,4}")
                || !body.path("exp_month").asText().matches("\\d{2}") || !body.path("exp_year").asText().matches("\\d{2}")
                || body.path("card_holder").asText().isBlank()) {
            return answer(422, error("INPUT_VALIDATION_ERROR"));
        }
        String outcome = number.equals("4242424242424242") ? "APPROVED" : number.equals("4111111111111111") ? "DECLINED" : "ERROR";
        String token = "tok_test_" + UUID.randomUUID().toString().replace("-", "");
        TOKEN_OUTCOMES.put(token, outcome);
        ObjectNode data = JSON.createObjectNode().put("id", token).put("brand", "VISA")
                .put("last_four", number.substring(number.length() - 4)).put("status", "CREATED");
        return ok(data);
    }

    private ResponseDefinition paymentSource(Request request) throws Exception {
        if (!("Bearer " + WompiFake.PRIVATE_KEY).equals(request.getHeader("Authorization"))) {
            return answer(401, error("INVALID_ACCESS_TOKEN"));
        }
        JsonNode body = JSON.readTree(request.getBodyAsString());
        String outcome = TOKEN_OUTCOMES.remove(body.path("token").asText());
        if (outcome == null || !"CARD".equals(body.path("type").asText())
                || !ACCEPTANCE_TOKEN.equals(body.path("acceptance_token").asText())
                || body.path("customer_email").asText().isBlank()) {
            return answer(422, error("INPUT_VALIDATION_ERROR"));
        }
        long id = SOURCE_IDS.incrementAndGet();
        SOURCE_OUTCOMES.put(Long.toString(id), outcome);
        return ok(JSON.createObjectNode().put("id", id).put("type", "CARD").put("status", "AVAILABLE"));
    }

    private ResponseDefinition charge(Request request) throws Exception {
        if (!("Bearer " + WompiFake.PRIVATE_KEY).equals(request.getHeader("Authorization"))) {
            return answer(401, error("INVALID_ACCESS_TOKEN"));
        }
        JsonNode body = JSON.readTree(request.getBodyAsString());
        String reference = body.path("reference").asText();
        long amount = body.path("amount_in_cents").asLong();
        String currency = body.path("currency").asText();
        String source = body.path("payment_source_id").asText();
        String expected = WompiSignatures.integrity(reference, amount, currency, null, WompiFake.INTEGRITY_SECRET);
        if (!expected.equals(body.path("signature").asText()) || !body.path("recurrent").asBoolean()
                || !SOURCE_OUTCOMES.containsKey(source) || body.path("payment_method").path("installments").asInt() != 1) {
            return answer(422, error("INPUT_VALIDATION_ERROR"));
        }
        String onlySource = unansweredSource;
        boolean unanswered = (onlySource == null || onlySource.equals(source))
                && UNANSWERED.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        boolean known = TRANSACTIONS.values().stream().anyMatch(t -> t.path("reference").asText().equals(reference));
        if (unanswered && (!recordUnanswered || known)) {
            return answer(503, "");
        }
        if (known) {
            // Wompi takes a reference once.
            return answer(422, error("INPUT_VALIDATION_ERROR"));
        }
        String id = "rec-" + UUID.randomUUID();
        ObjectNode transaction = JSON.createObjectNode().put("id", id).put("created_at", Instant.now().toString() + "-" + System.nanoTime())
                .put("amount_in_cents", amount).put("reference", reference).put("currency", currency)
                .put("payment_method_type", "CARD").put("payment_source_id", Long.parseLong(source))
                .put("customer_email", body.path("customer_email").asText())
                .put("status", "PENDING").put("outcome", SOURCE_OUTCOMES.get(source));
        TRANSACTIONS.put(id, transaction);
        if (unanswered) {
            return answer(503, "");
        }
        return ok(visible(transaction, false));
    }

    private ResponseDefinition read(String id, Request request) {
        if (!("Bearer " + WompiFake.PRIVATE_KEY).equals(request.getHeader("Authorization"))) {
            return answer(401, error("INVALID_ACCESS_TOKEN"));
        }
        ObjectNode transaction = TRANSACTIONS.get(id);
        return transaction == null ? answer(404, error("NOT_FOUND_ERROR")) : ok(visible(transaction, true));
    }

    private ResponseDefinition byReference(String reference, Request request) {
        if (!("Bearer " + WompiFake.PRIVATE_KEY).equals(request.getHeader("Authorization"))) {
            return answer(401, error("INVALID_ACCESS_TOKEN"));
        }
        ArrayNode found = JSON.createArrayNode();
        TRANSACTIONS.values().stream().filter(t -> t.path("reference").asText().equals(reference))
                .forEach(t -> found.add(visible(t, true)));
        return ok(found);
    }

    /** The transaction as Wompi shows it: PENDING at creation, its outcome once read back. */
    private static ObjectNode visible(ObjectNode transaction, boolean settled) {
        ObjectNode shown = transaction.deepCopy();
        shown.remove("outcome");
        shown.put("created_at", transaction.path("created_at").asText().split("-\\d+$")[0]);
        shown.put("status", settled ? transaction.path("outcome").asText() : "PENDING");
        return shown;
    }

    private static ResponseDefinition ok(JsonNode data) {
        ObjectNode body = JSON.createObjectNode();
        body.set("data", data);
        return answer(200, body.toString());
    }

    private static String error(String type) {
        return "{\"error\":{\"type\":\"" + type + "\",\"messages\":{}}}";
    }

    private static ResponseDefinition answer(int status, String body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("content-type", "application/json")
                .withBody(body).build();
    }
}
