package dev.pagos.catalog;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
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

    /** For use inside a unit of work: the products with these ids that exist, in no particular order. */
    public Uni<List<Product>> products(Collection<String> productIds) {
        return CatalogStore.products(productIds);
    }

    /** For use inside a transaction: the product a buyer may order, or PRODUCT_NOT_FOUND. */
    public Uni<Product> requireOrderable(String productId) {
        return CatalogStore.product(productId)
                .onItem().ifNull().failWith(() -> notFound(productId))
                .onItem().transformToUni(product -> product.active
                        ? Uni.createFrom().item(product)
                        : Uni.createFrom().failure(notFound(productId)));
    }

    private static PagosException notFound(String productId) {
        return new PagosException(ErrorCode.PRODUCT_NOT_FOUND, "No product with id '" + productId + "'");
    }
}
