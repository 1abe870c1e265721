package dev.pagos.flow;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.provider.PaymentProviders;
import dev.pagos.provider.ProviderName;
import dev.pagos.support.Api;
import dev.pagos.support.Database;
import dev.pagos.support.PaypalFake;
import dev.pagos.support.WompiFake;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A provider is offered only the currencies it can charge, and the question is asked before anything is written:
 * a plan purchase is priced in COP, which PayPal's checkout does not take, so it never reaches PayPal.
 */
@QuarkusTest
@QuarkusTestResource(PaypalFake.class)
@QuarkusTestResource(WompiFake.class)
class ProviderCurrencyTest {

    @Inject
    PaymentProviders providers;

    private static int paypalOrdersCreated() {
        return PaypalFake.server().findAll(postRequestedFor(urlPathMatching("/v2/checkout/orders"))).size();
    }

    @Test
    void aPlanPurchaseInPesosWithPaypalIs422BeforeAnythingIsWrittenOrSent() {
        String buyer = "currency-" + UUID.randomUUID();
        int created = paypalOrdersCreated();
        for (String body : new String[] {
                "{\"provider\":\"paypal\",\"plan\":\"business\"}",
                "{\"provider\":\"paypal\",\"plan\":\"business\",\"freeAssistant\":\"ventas\",\"period\":\"annual\",\"workspaceId\":\"w\"}",
                "{\"provider\":\"paypal\",\"paidAssistants\":[\"marketing\"]}"}) {
            Api.as(buyer).body(body).post("/orders").then().statusCode(422)
                    .body("error.code", equalTo("UNSUPPORTED_PROVIDER"));
            Api.as(buyer).header("Idempotency-Key", UUID.randomUUID().toString()).body(body).post("/orders").then()
                    .statusCode(422).body("error.code", equalTo("UNSUPPORTED_PROVIDER"));
        }
        assertEquals(0, Database.count("SELECT count(*) FROM orders WHERE user_id = ?", buyer));
        assertEquals(created, paypalOrdersCreated(), "nothing was sent to PayPal");
        // The same purchase with Wompi, and a product in USD with PayPal, are fine.
        Api.as(buyer).body("{\"provider\":\"wompi\",\"plan\":\"business\"}").post("/orders").then().statusCode(201);
        Api.as(buyer).body("{\"provider\":\"paypal\",\"productId\":\"skyblock-odyssey\"}").post("/orders").then().statusCode(201);
    }

    @Test
    void eachProviderSaysWhichCurrenciesItCharges() {
        var paypal = providers.checkout(ProviderName.PAYPAL);
        for (String currency : new String[] {"USD", "EUR", "GBP", "CAD", "AUD", "JPY", "MXN"}) {
            assertTrue(paypal.accepts(currency), currency);
        }
        for (String currency : new String[] {"COP", "ARS", "CLP", "XXX", "usd", ""}) {
            assertFalse(paypal.accepts(currency), currency);
        }
        var wompi = providers.checkout(ProviderName.WOMPI);
        assertTrue(wompi.accepts("COP"));
        assertFalse(wompi.accepts("USD"));
    }
}
