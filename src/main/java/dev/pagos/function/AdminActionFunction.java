package dev.pagos.function;

import dev.pagos.api.ReviewJson;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.http.IdempotentCreates;
import dev.pagos.review.ReviewDesk;
import dev.pagos.security.Authenticator;
import jakarta.inject.Inject;

/**
 * What every review desk action shares: admins only (checked before the body is read), the Idempotency-Key header
 * honoured as on the other POST routes, the body {"reason", "manual_reference"?} read, and the outcome encoded.
 * Each route is a subclass of its own (a function of its own on AWS) that only names its handler and its action.
 */
public abstract class AdminActionFunction extends HttpFunction {

    @Inject
    ReviewDesk desk;

    @Inject
    IdempotentCreates idempotent;

    /** The handler name in {@link Routes}. */
    protected abstract String handler();

    protected abstract ReviewDesk.Outcome act(HttpRequest request, String admin, ReviewJson.ActionRequest body);

    @Override
    protected final Reply handle(HttpRequest request) {
        Authenticator.Caller caller = caller(request);
        requireAdmin(caller);
        return idempotent.once(handler(), Routes.routeKeyOf(handler()), caller.userId(), request, () -> {
            ReviewJson.ActionRequest body = request.jsonBody(ReviewJson.ActionRequest.class);
            ReviewDesk.requireReason(body.reason());
            return Reply.ok(ReviewJson.outcome(act(request, caller.userId(), body)));
        });
    }

    static void requireAdmin(Authenticator.Caller caller) {
        if (!caller.admin()) {
            throw new PagosException(ErrorCode.FORBIDDEN, "The review desk is for admins");
        }
    }
}
