package dev.pagos.local;

import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import dev.pagos.billing.Renewals;
import java.util.Map;

/**
 * Local mode's stand-in for the EventBridge schedule: POST /dev/billing/run runs the same billing run as the
 * scheduled subscriptions-renew function on AWS. Dev profile only (not in tests, not in production builds).
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class LocalBillingRun {

    @Inject
    Renewals renewals;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    void registerRoutes(@Observes Router router) {
        router.post("/dev/billing/run").blockingHandler(rc -> {
            Renewals.Report run = renewals.runDue();
            Map<String, Object> report = Map.of("claimed", run.claimed(), "failed", run.failed(), "outcomes", run.outcomes());
            try {
                rc.response().putHeader("content-type", "application/json").end(json.writeValueAsString(report));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                rc.fail(e);
            }
        }, false);
    }
}
