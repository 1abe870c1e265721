package dev.pagos.flow;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.pagos.support.Api;
import dev.pagos.support.Wallets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /me/wallet and GET /me/wallet/entries: the balances, and the statement newest first, keyset-paged. */
@QuarkusTest
class WalletStatementTest {

    @Test
    void aNewBuyerHasZeroInCopAndUsd() {
        Api.as("wallet-new-" + UUID.randomUUID()).get("/me/wallet").then().statusCode(200)
                .body("balances.currency", equalTo(List.of("COP", "USD")))
                .body("balances.balance", equalTo(List.of(0, 0)));
        Api.anonymous().get("/me/wallet").then().statusCode(401);
    }

    @Test
    void theStatementListsEachMovementWithItsCauseNewestFirst() {
        String buyer = "wallet-statement-" + UUID.randomUUID();
        Wallets.credit(buyer, "USD", 3_000);
        Wallets.credit(buyer, "COP", 500_000);
        String product = Wallets.product(1_200, "USD");
        String orderId = Api.as(buyer).body("{\"productId\":\"" + product + "\",\"provider\":\"wallet\"}").post("/orders")
                .then().statusCode(201).extract().path("orderId");

        Api.as(buyer).get("/me/wallet").then().statusCode(200)
                .body("balances.balance", equalTo(List.of(500_000, 1_800)));

        JsonPath first = Api.as(buyer).queryParam("limit", 2).get("/me/wallet/entries").then().statusCode(200)
                .body("limit", equalTo(2))
                .body("entries[0].kind", equalTo("purchase")).body("entries[0].amount", equalTo(-1_200))
                .body("entries[0].balanceAfter", equalTo(1_800)).body("entries[0].orderId", equalTo(orderId))
                .body("entries[1].kind", equalTo("adjustment")).body("entries[1].currency", equalTo("COP"))
                .extract().jsonPath();
        String cursor = first.getString("nextCursor");
        assertNotNull(cursor);
        Api.as(buyer).queryParam("limit", 2).queryParam("cursor", cursor).get("/me/wallet/entries").then().statusCode(200)
                .body("entries.size()", equalTo(1)).body("entries[0].amount", equalTo(3_000))
                .body("entries[0].reason", equalTo("funding a test wallet")).body("nextCursor", nullValue());

        List<Object> all = Api.as(buyer).get("/me/wallet/entries").then().statusCode(200)
                .extract().jsonPath().getList("entries.entryId");
        assertEquals(3, all.size());
        Api.as("someone-else-" + UUID.randomUUID()).get("/me/wallet/entries").then().statusCode(200)
                .body("entries.size()", equalTo(0));
        Api.as(buyer).queryParam("cursor", "not-ours").get("/me/wallet/entries").then().statusCode(400)
                .body("error.code", equalTo("INVALID_REQUEST"));
        Api.as(buyer).queryParam("limit", 0).get("/me/wallet/entries").then().statusCode(400);
        Wallets.assertSound();
    }
}
