package dev.pagos.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The path a deployed function takes: the Lambda runtime hands a JSON event to the handler selected by
 * QUARKUS_LAMBDA_HANDLER (catalog-list in tests) and serialises its answer. The event goes through
 * Quarkus's mock Lambda event server, and it is the sample shipped for `sam local invoke`, so the sample and
 * the code cannot drift apart.
 */
@QuarkusTest
class LambdaRuntimeTest {

    @Test
    void selectedHandlerAnswersAnHttpApiEventThroughTheLambdaRuntime() throws Exception {
        String runtimeApi = ConfigProvider.getConfig().getValue("quarkus-internal.aws-lambda.test-api", String.class);
        String event = Files.readString(Path.of("infra", "events", "http-get-products.json"));

        String answer = RestAssured.given().baseUri("http://" + runtimeApi.replaceFirst("^https?://", ""))
                .contentType("application/json").body(event)
                .post("/_lambda_").then().statusCode(200).extract().asString();

        ObjectMapper json = new ObjectMapper();
        JsonNode response = json.readTree(answer);
        assertEquals(200, response.path("statusCode").asInt());
        assertEquals("application/json", response.path("headers").path("content-type").asText());
        JsonNode products = json.readTree(response.path("body").asText()).path("products");
        assertTrue(products.size() >= 3, answer);
        assertTrue(products.findValuesAsText("id").contains("skyblock-odyssey"));
    }
}
