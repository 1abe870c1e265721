package dev.pagos.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.pagos.provider.paymentsway.PaymentsWayChecksum;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * PaymentsWay at the HTTP boundary, shaped after the contract (../shared/contracts/paymentsway): the ClientAPI's
 * ObtenerTransaccion, ObtenerTransaccionByExternalOrder and ReversarTransaccion with the raw API key as
 * Authorization, served by WireMock on a random port, with the exchange-rate source beside it. Notifications are the
 * transaction object with a checksum made the way PaymentsWay makes it. The ids and the key are made up here.
 */
public class PaymentsWayFake implements QuarkusTestResourceLifecycleManager {

    public static final String MERCHANT_ID = "5501";
    public static final String FORM_ID = "5502";
    public static final String TERMINAL_ID = "5503";
    public static final String API_KEY = "pw-test-key-made-for-these-tests";
    public static final String RESPONSE_URL = "https://shop.example/checkout/return";
    public static final String PAGE_BASE = "https://api.shop.example";

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        rateIs("{\"base\":\"USD\",\"rates\":{\"COP\":4000}}");
        String base = "http://localhost:" + server.port();
        return Map.of(
                "pagos.paymentsway.mode", "sandbox",
                "pagos.paymentsway.api-base", base + "/ClientAPI",
                "pagos.paymentsway.merchant-id", MERCHANT_ID,
                "pagos.paymentsway.form-id", FORM_ID,
                "pagos.paymentsway.terminal-id", TERMINAL_ID,
                "pagos.paymentsway.api-key", API_KEY,
                "pagos.paymentsway.response-url", RESPONSE_URL,
                "pagos.paymentsway.page-base-url", PAGE_BASE,
                "pagos.paymentsway.timeout", "PT1S",
                "pagos.exchange-rate.url", base + "/rates/latest/USD");
    }

    public static void rateIs(String body) {
        server.stubFor(get(urlEqualTo("/rates/latest/USD")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody(body)));
    }

    public static String newTransactionId() {
        return Long.toString(100000 + (long) (Math.random() * 899_999_999L));
    }

    /** The transaction object as the ClientAPI shows it (the C# DTO's fields that matter here). */
    public static String transactionJson(String id, int statusId, String amountJson, String currencyCode,
            String externalOrder, String createdAt) {
        return """
                {"id":"%s","issubscription":false,"amount":%s,"externalorder":"%s","createdat":"%s","updatedat":"%s",
                 "idstatus":{"id":%d,"nombre":"status %d"},"currencycode":{"id":1,"name":"Peso","code":"%s","symbol":"$"},
                 "paymentmethod":{"id":1,"nombre":"Tarjeta"},"idperson":{"id":9,"firstname":"Ana","email":"ana@example.com"}}"""
                .formatted(id, amountJson, externalOrder, createdAt, createdAt, statusId, statusId, currencyCode);
    }

    /** GET ObtenerTransaccion?id= answers this transaction (in COP, whole pesos). */
    public static void transaction(String id, int statusId, long pesos, String externalOrder) {
        transaction(id, statusId, Long.toString(pesos), "COP", externalOrder);
    }

    public static void transaction(String id, int statusId, String amountJson, String currencyCode, String externalOrder) {
        server.stubFor(read(id).willReturn(json(200, transactionJson(id, statusId, amountJson, currencyCode, externalOrder,
                "2026-12-04T10:00:00Z"))));
    }

    public static MappingBuilder read(String id) {
        return get(urlPathEqualTo("/ClientAPI/ObtenerTransaccion")).withQueryParam("id", equalTo(id))
                .withHeader("Authorization", equalTo(API_KEY));
    }

    public static void transactionAnswers(String id, int status) {
        server.stubFor(read(id).willReturn(json(status, "{\"message\":\"error\"}")));
    }

    public static void transactionSlow(String id, int delayMillis, long pesos, String externalOrder) {
        server.stubFor(read(id).willReturn(json(200, transactionJson(id, 34, Long.toString(pesos), "COP", externalOrder,
                "2026-12-04T10:00:00Z")).withFixedDelay(delayMillis)));
    }

    /** GET ObtenerTransaccionByExternalOrder?external_order= answers these transactions (a list). */
    public static void transactionsOfOrder(String externalOrder, String... transactions) {
        server.stubFor(get(urlPathEqualTo("/ClientAPI/ObtenerTransaccionByExternalOrder"))
                .withQueryParam("external_order", equalTo(externalOrder)).withHeader("Authorization", equalTo(API_KEY))
                .willReturn(json(200, "[" + String.join(",", transactions) + "]")));
    }

    public static MappingBuilder reversal() {
        return post(urlEqualTo("/ClientAPI/ReversarTransaccion")).withHeader("Authorization", equalTo(API_KEY));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("content-type", "application/json").withBody(body);
    }

    /** The checksum PaymentsWay puts in a notification, over the amount written as given. */
    public static String checksum(String amountAsSigned, String externalOrder, String apiKey) {
        return PaymentsWayChecksum.of(FORM_ID, apiKey, MERCHANT_ID, amountAsSigned, externalOrder);
    }

    /** A notification as PaymentsWay POSTs it: the transaction, the amount under {@code amountKey}, the checksum. */
    public static String notification(String id, int statusId, String amountKey, String amountJson, String externalOrder,
            String checksum) {
        String checksumField = checksum == null ? "" : ",\"checksum\":\"" + checksum + "\"";
        return """
                {"id":"%s","externalorder":"%s","%s":%s,"idstatus":{"id":%d,"nombre":"status %d"},"ip":"190.0.0.1",
                 "idperson":{"id":9,"firstname":"Ana","lastname":"Ruiz","identification":"123","email":"ana@example.com",
                 "phone":"3000000000"},"paymentmethod":{"id":1,"nombre":"Tarjeta"},"idmerchant":%s%s}"""
                .formatted(id, externalOrder, amountKey, amountJson, statusId, statusId, MERCHANT_ID, checksumField);
    }

    /** A correctly signed notification with the amount under {@code amount} as a JSON integer (whole pesos). */
    public static String notification(String id, int statusId, long pesos, String externalOrder) {
        return notification(id, statusId, "amount", Long.toString(pesos), externalOrder,
                checksum(Long.toString(pesos), externalOrder, API_KEY));
    }

    public static io.restassured.response.Response deliver(String body) {
        return Api.anonymous().body(body.getBytes(StandardCharsets.UTF_8)).post("/webhooks/paymentsway");
    }

    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
