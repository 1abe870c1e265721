package dev.pagos.local;

import dev.pagos.billing.Renewals;
import dev.pagos.local.queue.LocalRenewalQueue;
import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;

/**
 * Local mode's stand-in for the EventBridge schedule: POST /dev/billing/run does what the scheduled
 * subscriptions-renew function does on AWS (claims what is due and enqueues it), and the local renewal queue's
 * workers call the renewal-worker function as SQS would; the answer comes once the queue is empty (or after 30 s).
 * Dev profile only (not in tests, not in production builds).
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class LocalBillingRun {

    private static final Duration DRAIN_WAIT = Duration.ofSeconds(30);

    @Inject
    Renewals renewals;

    @Inject
    LocalRenewalQueue queue;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    void registerRoutes(@Observes Router router) {
        router.post("/dev/billing/run").blockingHandler(rc -> {
            Renewals.Dispatch dispatch = renewals.dispatchDue(queue, Duration.ofSeconds(60));
            long until = System.nanoTime() + DRAIN_WAIT.toNanos();
            while (queue.queue().size() > 0 && System.nanoTime() < until) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Map<String, Object> report = Map.of("dispatched", dispatch.dispatched(), "unsent", dispatch.unsent(),
                    "still_queued", queue.queue().size(), "dead_letters", queue.queue().deadLetters().size());
            try {
                rc.response().putHeader("content-type", "application/json").end(json.writeValueAsString(report));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                rc.fail(e);
            }
        }, false);
    }
}
