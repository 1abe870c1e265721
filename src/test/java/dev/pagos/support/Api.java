package dev.pagos.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** rest-assured aimed at the local API gateway (Quarkus would otherwise aim it at the Lambda mock server). */
public final class Api {

    private Api() {
    }

    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given().port(port()).contentType(ContentType.JSON);
    }

    public static RequestSpecification as(String user) {
        return anonymous().header("Authorization", "Bearer " + Tokens.valid(user));
    }
}
