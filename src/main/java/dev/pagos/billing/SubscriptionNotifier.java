package dev.pagos.billing;

import dev.pagos.pricing.Pricing;
import dev.pagos.push.PushService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Tells the owner's browsers about a subscription's new status, after the change is committed. A push is a
 * courtesy (the seed's page polls GET /subscriptions/{workspaceId} anyway): a failure is logged, never thrown.
 */
@ApplicationScoped
public class SubscriptionNotifier {

    private static final Logger LOG = Logger.getLogger(SubscriptionNotifier.class);

    private final PushService push;

    SubscriptionNotifier(PushService push) {
        this.push = push;
    }

    public void statusChanged(SubscriptionTransitions.Change change) {
        if (change == null || !(change.moved() || change.renewed())) {
            return;
        }
        Subscription subscription = change.subscription();
        String event = switch (subscription.status) {
            case ACTIVE -> change.from() == SubscriptionStatus.PENDING ? "subscription_activated" : "subscription_renewed";
            case PAST_DUE -> "subscription_past_due";
            case CANCELED -> "subscription_canceled";
            case FAILED -> "subscription_failed";
            case PENDING -> null;
        };
        if (event == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("workspace_id", subscription.workspaceIdAsSeedTypesIt());
        data.put("subscription_id", subscription.id.toString());
        data.put("status", subscription.status.name());
        data.put("previous_status", change.from().name());
        data.put("current_period_start", text(subscription.currentPeriodStart));
        data.put("current_period_end", text(subscription.currentPeriodEnd));
        data.put("amount_usd", subscription.priceUsdMinor);
        data.put("amount_cop", subscription.priceCopMinor);
        data.put("currency", Pricing.COP);
        data.put("failure_reason", subscription.failureReason);
        try {
            push.sendToUser(subscription.ownerId, event, data);
        } catch (RuntimeException e) {
            LOG.warnf("Push of %s for subscription %s failed: %s", event, subscription.id, e.getMessage());
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
