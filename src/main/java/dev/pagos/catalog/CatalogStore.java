package dev.pagos.catalog;

import dev.pagos.persistence.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import java.util.List;

/**
 * The catalogue's tables (products, plans, assistants, add-ons): its SQL and how its rows read. Public for the
 * product columns and reader, which the order tables' joins use too.
 */
public final class CatalogStore {

    /** A product's columns under the alias {@code p}, named {@code p_id}, {@code p_name}, ... for joins. */
    public static final String PRODUCT_COLUMNS = "p.id AS p_id, p.name AS p_name, p.description AS p_description,"
            + " p.price_minor AS p_price_minor, p.currency AS p_currency, p.active AS p_active";
    private static final String PRODUCT = "SELECT " + PRODUCT_COLUMNS + " FROM products p";

    private CatalogStore() {
    }

    static Uni<List<Product>> activeProducts() {
        return Sql.list(PRODUCT + " WHERE p.active ORDER BY p.name", CatalogStore::joinedProduct);
    }

    /** The product with this id, active or not; null when there is none. */
    static Uni<Product> product(String id) {
        return Sql.first(PRODUCT + " WHERE p.id = $1", CatalogStore::joinedProduct, id);
    }

    static Uni<List<Plan>> activePlans() {
        return Sql.list("SELECT id, name, description, price_minor, currency, active, sort_order FROM plans"
                + " WHERE active ORDER BY sort_order, id", CatalogStore::plan);
    }

    static Uni<List<Assistant>> activeAssistants() {
        return Sql.list("SELECT id, reference, name, description, price_minor, currency, active FROM assistants"
                + " WHERE active ORDER BY id", CatalogStore::assistant);
    }

    static Uni<List<Addon>> activeAddons() {
        return Sql.list("SELECT id, reference, name, description, price_minor, currency, takes_bot_flow, max_quantity,"
                + " active FROM addons WHERE active ORDER BY id", CatalogStore::addon);
    }

    /** The product of a row selected with {@link #PRODUCT_COLUMNS}; null when the join found none. */
    public static Product joinedProduct(Row row) {
        String id = row.getString("p_id");
        if (id == null) {
            return null;
        }
        Product product = new Product();
        product.id = id;
        product.name = row.getString("p_name");
        product.description = row.getString("p_description");
        product.priceMinor = row.getLong("p_price_minor");
        product.currency = row.getString("p_currency");
        product.active = row.getBoolean("p_active");
        return product;
    }

    private static Plan plan(Row row) {
        Plan plan = new Plan();
        plan.id = row.getString("id");
        plan.name = row.getString("name");
        plan.description = row.getString("description");
        plan.priceMinor = row.getLong("price_minor");
        plan.currency = row.getString("currency");
        plan.active = row.getBoolean("active");
        plan.sortOrder = row.getInteger("sort_order");
        return plan;
    }

    private static Assistant assistant(Row row) {
        Assistant assistant = new Assistant();
        assistant.id = row.getInteger("id");
        assistant.reference = row.getString("reference");
        assistant.name = row.getString("name");
        assistant.description = row.getString("description");
        assistant.priceMinor = row.getLong("price_minor");
        assistant.currency = row.getString("currency");
        assistant.active = row.getBoolean("active");
        return assistant;
    }

    private static Addon addon(Row row) {
        Addon addon = new Addon();
        addon.id = row.getInteger("id");
        addon.reference = row.getString("reference");
        addon.name = row.getString("name");
        addon.description = row.getString("description");
        addon.priceMinor = row.getLong("price_minor");
        addon.currency = row.getString("currency");
        addon.takesBotFlow = row.getBoolean("takes_bot_flow");
        addon.maxQuantity = row.getInteger("max_quantity");
        addon.active = row.getBoolean("active");
        return addon;
    }
}
