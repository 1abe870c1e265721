package dev.pagos.function;

import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.metrics.MetricsService;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** GET /admin/metrics?from=&to=&interval=day|week|month: admins only; read-only. */
@Named(Routes.ADMIN_METRICS)
public class MetricsFunction extends HttpFunction {

    @Inject
    MetricsService metrics;

    @Override
    protected Reply handle(HttpRequest request) {
        var caller = caller(request);
        MetricsService.requireAdmin(caller);
        var range = MetricsService.Range.parse(request.queryParameter("from"), request.queryParameter("to"),
                request.queryParameter("interval"));
        return Reply.ok(metrics.metrics(caller, range));
    }
}
