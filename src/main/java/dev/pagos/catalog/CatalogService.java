package dev.pagos.catalog;

import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class CatalogService {

    public List<Product> listActiveProducts() {
        return Transactions.inTransaction(() -> Product.<Product>list("active = true order by name"));
    }

    /** For use inside a transaction: the product a buyer may order, or PRODUCT_NOT_FOUND. */
    public Uni<Product> requireOrderable(String productId) {
        return Product.<Product>findById(productId)
                .onItem().ifNull().failWith(() -> notFound(productId))
                .onItem().transformToUni(product -> product.active
                        ? Uni.createFrom().item(product)
                        : Uni.createFrom().failure(notFound(productId)));
    }

    private static PagosException notFound(String productId) {
        return new PagosException(ErrorCode.PRODUCT_NOT_FOUND, "No product with id '" + productId + "'");
    }
}
