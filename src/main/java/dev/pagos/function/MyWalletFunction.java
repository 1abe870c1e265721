package dev.pagos.function;

import dev.pagos.api.WalletJson;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.wallet.Wallet;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** GET /me/wallet: the signed-in buyer's wallet balances, one per currency (COP and USD at least), in minor units. */
@Named(Routes.MY_WALLET)
public class MyWalletFunction extends HttpFunction {

    @Inject
    Wallet wallet;

    @Override
    protected Reply handle(HttpRequest request) {
        return Reply.ok(WalletJson.balances(wallet.balances(caller(request).userId())));
    }
}
