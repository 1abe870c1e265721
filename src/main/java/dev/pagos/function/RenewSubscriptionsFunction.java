package dev.pagos.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pagos.billing.Renewals;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;

/**
 * Scheduled (EventBridge): charges due subscriptions, retries declined ones on the dunning schedule, settles open
 * charges with the provider, and ends canceled subscriptions at the end of their paid period.
 */
@Named(Routes.SUBSCRIPTIONS_RENEW)
public class RenewSubscriptionsFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Inject
    Renewals renewals;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        Renewals.Report report = renewals.runDue();
        return Map.of("claimed", report.claimed(), "failed", report.failed(), "outcomes", report.outcomes());
    }
}
