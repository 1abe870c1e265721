package dev.pagos.function;

import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.webhook.WebhookInbox.Receipt;
import dev.pagos.webhook.WebhookPipeline;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;

/**
 * POST /webhooks/{provider}: a provider tells us about a payment. Verified against the raw body before
 * anything is read; 200 tells the provider to stop sending this event, anything else makes it retry.
 */
@Named(Routes.PROVIDER_WEBHOOK)
public class ProviderWebhookFunction extends HttpFunction {

    @Inject
    WebhookPipeline pipeline;

    @Override
    protected Reply handle(HttpRequest request) {
        Receipt receipt = pipeline.receive(request.pathParameter("provider"), request.headers(), request.rawBody());
        return Reply.ok(Map.of("received", true, "eventId", receipt.eventId(), "result", receipt.result().name()));
    }
}
