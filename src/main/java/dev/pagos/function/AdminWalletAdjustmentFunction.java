package dev.pagos.function;

import dev.pagos.api.WalletJson;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.http.IdempotentCreates;
import dev.pagos.security.Authenticator.Caller;
import dev.pagos.wallet.Posted;
import dev.pagos.wallet.Wallet;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * POST /admin/wallets/{userId}/adjustments: an admin credits or debits a buyer's wallet with a reason,
 * {"currency": "COP", "amount_minor": -5000, "reason": "goodwill credit reversed"}, under a required Idempotency-Key.
 */
@Named(Routes.ADMIN_WALLET_ADJUSTMENT)
public class AdminWalletAdjustmentFunction extends HttpFunction {

    @Inject
    Wallet wallet;

    @Inject
    IdempotentCreates idempotentCreates;

    @RegisterForReflection
    record AdjustmentRequest(String currency, Long amount_minor, String reason) {
    }

    @Override
    protected Reply handle(HttpRequest request) {
        Caller admin = caller(request);
        if (!admin.admin()) {
            // Before the body or the key are looked at: a non-admin learns nothing about them.
            throw new PagosException(ErrorCode.FORBIDDEN, "Adjusting wallets is for admins");
        }
        String key = request.header("Idempotency-Key");
        return idempotentCreates.once(Routes.ADMIN_WALLET_ADJUSTMENT, Routes.routeKeyOf(Routes.ADMIN_WALLET_ADJUSTMENT),
                admin.userId(), request, () -> {
                    AdjustmentRequest body = request.jsonBody(AdjustmentRequest.class);
                    Posted posted = wallet.adjust(admin, request.pathParameter("userId"), body.currency(),
                            body.amount_minor() == null ? 0 : body.amount_minor(), body.reason(), key);
                    return Reply.created(WalletJson.entry(posted.entry()));
                });
    }
}
