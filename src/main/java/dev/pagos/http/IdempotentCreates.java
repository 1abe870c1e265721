package dev.pagos.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.http.HttpFunction.Reply;
import dev.pagos.idempotency.Answer;
import dev.pagos.idempotency.IdempotencyKeys;
import dev.pagos.idempotency.IdempotentRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The optional Idempotency-Key header of create operations, on top of {@link IdempotencyKeys}: a create
 * function wraps its work in {@link #once} and a retried request gets the first answer back, marked
 * "Idempotent-Replayed: true", instead of a second run. Without the header the work just runs.
 */
@ApplicationScoped
public class IdempotentCreates {

    private static final String KEY_HEADER = "Idempotency-Key";
    private static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final IdempotencyKeys keys;
    private final ObjectMapper json;

    IdempotentCreates(IdempotencyKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /**
     * @param operation the function's handler name, which scopes keys with the user
     * @param routeKey its route, "POST /orders" ({@code Routes.routeKeyOf(operation)})
     */
    public Reply once(String operation, String routeKey, String userId, HttpRequest request, Supplier<Reply> create) {
        String key = request.header(KEY_HEADER);
        if (key == null) {
            return create.get();
        }
        IdempotentRequest idempotent = IdempotentRequest.of(userId, operation, key, routeKey,
                request.rawBody());
        Answer answer = keys.once(idempotent, () -> finalAnswer(create));
        // Raw: the stored bytes go out as they are, so a replay is the first answer to the byte.
        return new Reply(answer.status(), new RawValue(answer.body()),
                answer.replayed() ? Map.of(REPLAYED_HEADER, "true") : Map.of());
    }

    /**
     * The answer to keep for every retry. An error that may not happen again (5xx, "in progress",
     * "too many requests") is thrown instead, which keeps nothing and lets the retry run the work again.
     */
    private Answer finalAnswer(Supplier<Reply> create) {
        try {
            Reply reply = create.get();
            return Answer.of(reply.status(), encode(reply.body()));
        } catch (PagosException e) {
            if (!isFinal(e.code())) {
                throw e;
            }
            return Answer.of(e.code().httpStatus(), encode(HttpFunction.errorBody(e.code(), e.getMessage())));
        }
    }

    /**
     * Answers worth replaying: what the operation decided. Not kept, as with Stripe: failures that a retry may
     * not repeat (5xx, 429, work still in progress) and a request refused before the operation ran (malformed
     * body, wrong content type), which the client will correct and send again under the same key.
     */
    private static boolean isFinal(ErrorCode error) {
        int status = error.httpStatus();
        return status < 500 && status != 429 && !NOT_KEPT.contains(error);
    }

    private static final java.util.Set<ErrorCode> NOT_KEPT = java.util.EnumSet.of(ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS,
            ErrorCode.EVENT_IN_PROGRESS, ErrorCode.CHECKOUT_IN_PROGRESS, ErrorCode.INVALID_REQUEST,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.INSUFFICIENT_FUNDS);

    private String encode(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Reply cannot be encoded", e);
        }
    }
}
