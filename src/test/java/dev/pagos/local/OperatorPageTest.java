package dev.pagos.local;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pagos.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Local mode serves the operators' page with everything it loads from its own origin (no CDN), and the chart library
 * it serves is the file pinned by infra/vendor-chart-js.sh, byte for byte.
 */
@QuarkusTest
class OperatorPageTest {

    @Test
    void thePageAndItsScriptsAreServedWithoutAnythingFromElsewhere() {
        RestAssured.given().port(Api.port()).get("/operator/").then().statusCode(200)
                .body(containsString("vendor/chart.umd.min.js"), containsString("operator.js"),
                        not(containsString("src=\"http")), not(containsString("href=\"http")));
        for (String script : new String[] { "operator.js", "charts.js", "desk.js" }) {
            RestAssured.given().port(Api.port()).get("/operator/" + script).then().statusCode(200)
                    .body(not(containsString("https://")), not(containsString("http://")));
        }
        // Local mode: the API is the page's own origin, and the sign-in is a dev token.
        RestAssured.given().port(Api.port()).get("/operator/config.js").then().statusCode(200)
                .body(containsString("export default { apiBase: '', signIn: 'dev' };"));
        RestAssured.given().port(Api.port()).get("/operator/vendor/chart.js.LICENSE.md").then().statusCode(200)
                .body(containsString("The MIT License"), containsString("Chart.js Contributors"));
    }

    @Test
    void theServedChartLibraryIsThePinnedOne() throws Exception {
        byte[] served = RestAssured.given().port(Api.port()).get("/operator/vendor/chart.umd.min.js").then()
                .statusCode(200).extract().asByteArray();
        Matcher pinned = Pattern.compile("SHA256-([0-9a-f]{64})")
                .matcher(Files.readString(Path.of("infra/vendor-chart-js.sh"), StandardCharsets.UTF_8));
        assertTrue(pinned.find(), "infra/vendor-chart-js.sh pins a sha256");
        assertEquals(pinned.group(1), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(served)));
        assertTrue(new String(served, 0, 200, StandardCharsets.UTF_8).contains("Chart.js v4.6.1"));
    }
}
