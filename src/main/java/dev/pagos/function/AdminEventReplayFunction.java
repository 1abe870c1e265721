package dev.pagos.function;

import dev.pagos.api.ReviewJson;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.http.HttpRequest;
import dev.pagos.review.ReviewDesk;
import dev.pagos.text.Truncate;
import jakarta.inject.Named;

/** POST /admin/webhook-events/{eventId}/replay: an abandoned event through the webhook pipeline again, once. */
@Named(Routes.ADMIN_EVENT_REPLAY)
public class AdminEventReplayFunction extends AdminActionFunction {

    @Override
    protected String handler() {
        return Routes.ADMIN_EVENT_REPLAY;
    }

    @Override
    protected ReviewDesk.Outcome act(HttpRequest request, String admin, ReviewJson.ActionRequest body) {
        return desk.replayEvent(eventId(request), admin, body.reason());
    }

    /** The inbox row's id, as the desk lists it; anything else names no event. */
    private static long eventId(HttpRequest request) {
        String id = request.pathParameter("eventId");
        if (!id.matches("\\d{1,18}")) {
            throw new PagosException(ErrorCode.NOT_FOUND, "No webhook event " + Truncate.toLength(id, 40));
        }
        return Long.parseLong(id);
    }
}
