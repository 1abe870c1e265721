package dev.pagos.function;

import dev.pagos.api.ReviewJson;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.review.ReviewDesk;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** GET /admin/review?limit=&cursor=: what waits for a person, oldest first (admins only). */
@Named(Routes.ADMIN_REVIEW)
public class AdminReviewFunction extends HttpFunction {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    @Inject
    ReviewDesk desk;

    @Override
    protected Reply handle(HttpRequest request) {
        AdminActionFunction.requireAdmin(caller(request));
        return Reply.ok(ReviewJson.page(desk.list(request.limitParameter(DEFAULT_LIMIT, MAX_LIMIT),
                request.queryParameter("cursor"))));
    }
}
