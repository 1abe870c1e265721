package dev.pagos.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pagos.exchange.ExchangeRates;
import dev.pagos.provider.wompi.WompiSignatures;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Wompi at the HTTP boundary, per the contract: GET /transactions/{id} (Bearer private key) served by WireMock on a
 * random port, and the exchange-rate source beside it. Events are signed here with the test events secret, the way
 * Wompi signs them: SHA-256 of the listed properties' values inside data, the timestamp and the secret.
 */
public class WompiFake implements QuarkusTestResourceLifecycleManager {

    public static final String PUBLIC_KEY = "pub_test_pagos-tests";
    public static final String PRIVATE_KEY = "prv_test_pagos-tests";
    public static final String EVENTS_SECRET = "test_events_pagos-tests";
    public static final String INTEGRITY_SECRET = "test_integrity_pagos-tests";
    public static final String REDIRECT_URL = "https://shop.example/wompi-return";

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().extensions(new WompiRecurringFake()));
        server.start();
        recurringEndpoints();
        rateIs("{\"base\":\"USD\",\"rates\":{\"COP\":4000,\"EUR\":0.9}}");
        String base = "http://localhost:" + server.port();
        return Map.of(
                "pagos.wompi.mode", "sandbox",
                "pagos.wompi.api-base", base + "/v1",
                "pagos.wompi.public-key", PUBLIC_KEY,
                "pagos.wompi.private-key", PRIVATE_KEY,
                "pagos.wompi.events-secret", EVENTS_SECRET,
                "pagos.wompi.integrity-secret", INTEGRITY_SECRET,
                "pagos.wompi.redirect-url", REDIRECT_URL,
                "pagos.exchange-rate.url", base + "/rates/latest/USD");
    }

    /** Issue 7: the recurring-charge calls, answered by {@link WompiRecurringFake}; specific stubs win over these. */
    private static void recurringEndpoints() {
        com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder recurring = aResponse()
                .withTransformers(WompiRecurringFake.NAME);
        server.stubFor(get(urlPathMatching("/v1/merchants/.*")).atPriority(10).willReturn(recurring));
        server.stubFor(post(urlEqualTo("/v1/tokens/cards")).atPriority(10).willReturn(recurring));
        server.stubFor(post(urlEqualTo("/v1/payment_sources")).atPriority(10).willReturn(recurring));
        server.stubFor(post(urlEqualTo("/v1/transactions")).atPriority(10).willReturn(recurring));
        server.stubFor(get(urlPathEqualTo("/v1/transactions")).atPriority(10).willReturn(recurring));
        server.stubFor(get(urlPathMatching("/v1/transactions/rec-.*")).atPriority(10).willReturn(recurring));
    }

    public static void rateIs(String body) {
        server.stubFor(get(urlEqualTo("/rates/latest/USD")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody(body)));
    }

    /**
     * The exchange-rate source answers {@code copPerUsd} COP to the dollar, and Pagos forgets the rate it had cached,
     * so the next price is quoted at this one.
     */
    public static void copPerUsdIs(long copPerUsd, ExchangeRates rates) {
        rateIs("{\"base\":\"USD\",\"rates\":{\"COP\":" + copPerUsd + "}}");
        rates.forget();
    }

    public static void rateSourceDown() {
        server.stubFor(get(urlEqualTo("/rates/latest/USD")).willReturn(aResponse().withStatus(503)));
    }

    /** Wompi's record of a transaction, as GET /v1/transactions/{id} answers it. */
    public static void transaction(String id, String status, long amountInCents, String currency, String reference) {
        server.stubFor(get(urlEqualTo("/v1/transactions/" + id))
                .withHeader("Authorization", equalTo("Bearer " + PRIVATE_KEY))
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json").withBody("""
                        {"data":{"id":"%s","created_at":"2024-01-01T00:00:00.000Z","amount_in_cents":%d,
                         "reference":"%s","currency":"%s","payment_method_type":"CARD","status":"%s",
                         "status_message":null,"redirect_url":"%s"},"meta":{}}"""
                        .formatted(id, amountInCents, reference, currency, status, REDIRECT_URL))));
    }

    /** One transaction as Wompi's API shows it (the data of GET /transactions/{id}, an element of a search). */
    public static String transactionJson(String id, String status, long amountInCents, String currency, String reference,
            String createdAt) {
        return """
                {"id":"%s","created_at":"%s","amount_in_cents":%d,"reference":"%s","currency":"%s",
                 "payment_method_type":"CARD","status":"%s","status_message":null,"redirect_url":"%s"}"""
                .formatted(id, createdAt, amountInCents, reference, currency, status, REDIRECT_URL);
    }

    /** GET /v1/transactions?reference= (private key): the transactions Wompi has for a reference, none when empty. */
    public static void transactionsOfReference(String reference, String... transactions) {
        server.stubFor(get(urlPathEqualTo("/v1/transactions")).withQueryParam("reference", equalTo(reference))
                .withHeader("Authorization", equalTo("Bearer " + PRIVATE_KEY))
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json")
                        .withBody("{\"data\":[" + String.join(",", transactions) + "],\"meta\":{}}")));
    }

    public static void transactionSearchAnswers(String reference, int status) {
        server.stubFor(get(urlPathEqualTo("/v1/transactions")).withQueryParam("reference", equalTo(reference))
                .willReturn(aResponse().withStatus(status).withHeader("content-type", "application/json")
                        .withBody("{\"error\":{\"type\":\"HTTP_" + status + "\"}}")));
    }

    public static void transactionMissing(String id) {
        server.stubFor(get(urlEqualTo("/v1/transactions/" + id)).willReturn(aResponse().withStatus(404)
                .withHeader("content-type", "application/json")
                .withBody("{\"error\":{\"type\":\"NOT_FOUND_ERROR\",\"reason\":\"La entidad solicitada no existe\"}}")));
    }

    /** Now in Unix seconds, as Wompi stamps its events: an event must be within the tolerance of our clock. */
    public static long now() {
        return java.time.Instant.now().getEpochSecond();
    }

    public static String newTransactionId() {
        return "12345-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A transaction.updated event signed over id, status and amount, with the checksum in the body. */
    public static String event(String id, String status, long amountInCents, String reference, long timestamp) {
        return event(id, status, amountInCents, reference, timestamp, EVENTS_SECRET);
    }

    public static String event(String id, String status, long amountInCents, String reference, long timestamp,
            String secret) {
        String checksum = WompiSignatures.eventChecksum(List.of(id, status, Long.toString(amountInCents)),
                Long.toString(timestamp), secret);
        return """
                {"event":"transaction.updated","data":{"transaction":{"id":"%s","amount_in_cents":%d,"reference":"%s",
                 "customer_email":"buyer@example.com","currency":"COP","payment_method_type":"CARD",
                 "redirect_url":"%s","status":"%s","shipping_address":null,"payment_link_id":null,
                 "payment_source_id":null}},"environment":"test",
                 "signature":{"properties":["transaction.id","transaction.status","transaction.amount_in_cents"],
                 "checksum":"%s"},"timestamp":%d,"sent_at":"2024-01-01T00:00:00.000Z"}"""
                .formatted(id, amountInCents, reference, REDIRECT_URL, status, checksum, timestamp);
    }

    public static io.restassured.response.Response deliver(String body) {
        return Api.anonymous().body(body.getBytes(StandardCharsets.UTF_8)).post("/webhooks/wompi");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
