package dev.pagos.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pagos.billing.Renewals;
import dev.pagos.queue.WorkQueue;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.Map;

/**
 * Scheduled (EventBridge): finds what is due (renewals, dunning retries, open charges to settle, period-end
 * cancellations). With a renewal queue it only claims and enqueues, and the renewal-worker function does the work;
 * without one it works through a batch itself.
 */
@Named(Routes.SUBSCRIPTIONS_RENEW)
public class RenewSubscriptionsFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Left of the function's time when the dispatch stops, for the last batch's claim and send to finish. */
    static final Duration MARGIN = Duration.ofSeconds(20);
    static final Duration WITHOUT_CONTEXT = Duration.ofSeconds(60);

    @Inject
    Renewals renewals;

    @Inject
    WorkQueue queue;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        if (queue.configured()) {
            Duration budget = context == null ? WITHOUT_CONTEXT
                    : Duration.ofMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
            Renewals.Dispatch dispatch = renewals.dispatchDue(queue, budget);
            return Map.of("dispatched", dispatch.dispatched(), "unsent", dispatch.unsent());
        }
        Renewals.Report report = renewals.runDue();
        return Map.of("claimed", report.claimed(), "failed", report.failed(), "outcomes", report.outcomes());
    }
}
