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
 * anything is read. A 2xx tells the provider to stop sending this event (which 2xx is the provider's verifier's
 * choice: PaymentsWay expects 200 for a successful payment and 201 otherwise); anything else makes it retry.
 */
@Named(Routes.PROVIDER_WEBHOOK)
public class ProviderWebhookFunction extends HttpFunction {

    @Inject
    WebhookPipeline pipeline;

    @Override
    protected Reply handle(HttpRequest request) {
        Receipt receipt = pipeline.receive(request.pathParameter("provider"), request.headers(), request.rawBody());
        return new Reply(receipt.acknowledgement(), Map.of("received", true, "eventId", receipt.eventId(), "result", receipt.result().name()));
    }
}
