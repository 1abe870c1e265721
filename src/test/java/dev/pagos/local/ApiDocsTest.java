package dev.pagos.local;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pagos.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Local mode serves the API contract (openapi.yaml, as in the repository) and a viewer that needs no internet. */
@QuarkusTest
class ApiDocsTest {

    @Test
    void theContractIsServedAsItIsInTheRepository() throws Exception {
        String served = RestAssured.given().port(Api.port()).get("/openapi.yaml").then().statusCode(200)
                .extract().asString();
        assertEquals(Files.readString(Path.of("openapi.yaml"), StandardCharsets.UTF_8), served);
    }

    @Test
    void theViewerPageAndItsVendoredAssetsAreServed() {
        RestAssured.given().port(Api.port()).get("/api-docs/").then().statusCode(200)
                .body(containsString("swagger-ui-bundle.js"), containsString("pagos-api-docs.js"),
                        not(containsString("https://")), not(containsString("http://")));
        RestAssured.given().port(Api.port()).get("/api-docs/pagos-api-docs.js").then().statusCode(200)
                .body(containsString("url: '/openapi.yaml'"));
        RestAssured.given().port(Api.port()).get("/api-docs/swagger-ui-bundle.js").then().statusCode(200)
                .body(containsString("SwaggerUIBundle"));
        RestAssured.given().port(Api.port()).get("/api-docs/swagger-ui.css").then().statusCode(200);
        RestAssured.given().port(Api.port()).get("/api-docs/LICENSE").then().statusCode(200)
                .body(containsString("Apache License"));
    }
}
