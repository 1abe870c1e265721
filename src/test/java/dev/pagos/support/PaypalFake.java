package dev.pagos.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pagos.provider.paypal.PaypalWebhookSigner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * PayPal at the HTTP boundary, per the Orders v2 and OAuth2 contracts: a WireMock server on a random port
 * with the token and certificate endpoints, and an order-creation stub that answers like PayPal does
 * (PAYER_ACTION_REQUIRED with a payer-action link). Captures are stubbed by each test. Webhooks are signed
 * with a key and certificate made here and served at an allow-listed *.paypal.com path.
 */
public class PaypalFake implements QuarkusTestResourceLifecycleManager {

    public static final String WEBHOOK_ID = "WH-TEST-8PT597110X687430LKGECATA";
    public static final String CERT_URL = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-pagos-test";
    public static final String ACCESS_TOKEN = "A21AAtest-access-token";

    private static WireMockServer server;
    private static PaypalWebhookSigner signer;

    public static WireMockServer server() {
        return server;
    }

    public static PaypalWebhookSigner signer() {
        return signer;
    }

    @Override
    public Map<String, String> start() {
        signer = PaypalWebhookSigner.generate(CERT_URL);
        server = new WireMockServer(options().dynamicPort());
        server.start();
        resetStubs();
        String base = "http://localhost:" + server.port();
        return Map.of(
                "pagos.paypal.mode", "sandbox",
                "pagos.paypal.api-base", base,
                "pagos.paypal.cert-download-base", base,
                "pagos.paypal.client-id", "test-client-id",
                "pagos.paypal.client-secret", "test-client-secret",
                "pagos.paypal.webhook-id", WEBHOOK_ID);
    }

    /** Back to the standard stubs, with the request journal emptied. */
    public static void resetStubs() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/v1/oauth2/token"))
                .withBasicAuth("test-client-id", "test-client-secret")
                .withRequestBody(equalTo("grant_type=client_credentials"))
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json").withBody("""
                        {"scope":"https://uri.paypal.com/services/payments/payment","access_token":"%s",
                         "token_type":"Bearer","app_id":"APP-80W284485P519543T","expires_in":32400,"nonce":"n"}"""
                        .formatted(ACCESS_TOKEN))));
        server.stubFor(get(urlPathEqualTo("/v1/notifications/certs/CERT-pagos-test"))
                .willReturn(aResponse().withStatus(200).withBody(signer.certificatePem())));
        // The PayPal order id is derived from our reference so tests can predict it: "PP" + our order id.
        server.stubFor(post(urlEqualTo("/v2/checkout/orders"))
                .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json")
                        .withTransformers("response-template")
                        .withBody("""
                                {"id":"PP{{jsonPath request.body '$.purchase_units[0].custom_id'}}",
                                 "status":"PAYER_ACTION_REQUIRED","payment_source":{"paypal":{}},
                                 "links":[
                                  {"href":"https://api-m.sandbox.paypal.com/v2/checkout/orders/PP{{jsonPath request.body '$.purchase_units[0].custom_id'}}","rel":"self","method":"GET"},
                                  {"href":"https://www.sandbox.paypal.com/checkoutnow?token=PP{{jsonPath request.body '$.purchase_units[0].custom_id'}}","rel":"payer-action","method":"GET"}]}""")));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
