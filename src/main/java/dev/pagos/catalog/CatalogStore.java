package dev.pagos.catalog;

import dev.pagos.persistence.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import java.util.Collection;
import java.util.List;

/** The catalogue's tables (products, plans, assistants, add-ons): its SQL and how its rows read. */
final class CatalogStore {

    private static final String PRODUCT = "SELECT id, name, description, price_minor, currency, active FROM products";

    private CatalogStore() {
    }

    static Uni<List<Product>> activeProducts() {
        return Sql.list(PRODUCT + " WHERE active ORDER BY name", CatalogStore::product);
    }

    /** The product with this id, active or not; null when there is none. */
    static Uni<Product> product(String id) {
        return Sql.first(PRODUCT + " WHERE id = $1", CatalogStore::product, id);
    }

    /** The products with these ids that exist, active or not, in no particular order. */
    static Uni<List<Product>> products(Collection<String> ids) {
        return Sql.list(PRODUCT + " WHERE id = ANY($1)", CatalogStore::product, (Object) ids.toArray(String[]::new));
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

    private static Product product(Row row) {
        Product product = new Product();
        product.id = row.getString("id");
        product.name = row.getString("name");
        product.description = row.getString("description");
        product.priceMinor = row.getLong("price_minor");
        product.currency = row.getString("currency");
        product.active = row.getBoolean("active");
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
