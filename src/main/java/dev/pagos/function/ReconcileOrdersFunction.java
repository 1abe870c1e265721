package dev.pagos.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pagos.order.OrderReconciliation;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;

/** Scheduled (EventBridge): re-reads unsettled orders from their provider and moves them forward. */
@Named(Routes.ORDERS_RECONCILE)
public class ReconcileOrdersFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Inject
    OrderReconciliation reconciliation;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        OrderReconciliation.Report report = reconciliation.reconcileUnsettledOrders();
        return Map.of("checked", report.checked(), "failed", report.failed(), "outcomes", report.outcomes());
    }
}
