package dev.pagos.catalog;

import dev.pagos.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class CatalogService {

    public List<Product> listActiveProducts() {
        return Transactions.autocommit(CatalogStore::activeProducts);
    }

    /** For use inside a unit of work: the product with this id, active or not; null when there is none. */
    public Uni<Product> product(String productId) {
        return CatalogStore.product(productId);
    }
}
