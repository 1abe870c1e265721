package dev.pagos.support;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** The review desk through the API, as an admin (or anyone else) calls it. */
public final class ReviewDeskApi {

    public static final String ADMIN = "desk-admin-1";

    private ReviewDeskApi() {
    }

    public static RequestSpecification admin() {
        return Api.anonymous().header("Authorization", "Bearer " + Tokens.admin(ADMIN));
    }

    /** The desk's item with this id, found by reading every page; null when it is not on the desk. */
    public static Map<String, Object> item(String itemId) {
        String cursor = null;
        do {
            RequestSpecification request = admin().queryParam("limit", 100);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/admin/review").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            for (Map<String, Object> item : items) {
                if (itemId.equals(item.get("id"))) {
                    return item;
                }
            }
            cursor = page.getString("next_cursor");
        } while (cursor != null);
        return null;
    }

    public static io.restassured.response.Response act(String path, String body) {
        return admin().body(body).post(path);
    }

    /** A JSON body with a reason (and a manual reference when not null). */
    public static String reason(String reason, String manualReference) {
        return manualReference == null ? "{\"reason\":\"" + reason + "\"}"
                : "{\"reason\":\"" + reason + "\",\"manual_reference\":\"" + manualReference + "\"}";
    }

    /** How many audit rows the admin actions table holds for the subject and action. */
    public static long auditRows(String subjectType, String subjectId, String action) {
        return Database.count("SELECT count(*) FROM admin_actions WHERE subject_type = ? AND subject_id = ? AND action = ?"
                + " AND actor = ? AND length(reason) > 0 AND occurred_at IS NOT NULL", subjectType, subjectId, action,
                ADMIN);
    }
}
