package dev.pagos.function;

import dev.pagos.api.WalletJson;
import dev.pagos.error.ErrorCode;
import dev.pagos.error.PagosException;
import dev.pagos.http.HttpFunction;
import dev.pagos.http.HttpRequest;
import dev.pagos.wallet.Entry;
import dev.pagos.wallet.Wallet;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /me/wallet/entries?limit=&cursor=: the buyer's wallet statement, newest first, keyset-paged on the entry id
 * (an entry written while paging shifts nothing), each entry with its cause and the order or charge it belongs to.
 */
@Named(Routes.MY_WALLET_ENTRIES)
public class MyWalletEntriesFunction extends HttpFunction {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    @Inject
    Wallet wallet;

    @Override
    protected Reply handle(HttpRequest request) {
        String owner = caller(request).userId();
        int limit = request.limitParameter(DEFAULT_LIMIT, MAX_LIMIT);
        String cursor = request.queryParameter("cursor");
        List<Entry> rows = wallet.statement(owner, cursor == null ? null : parse(cursor), limit + 1);
        List<Entry> page = rows.size() > limit ? rows.subList(0, limit) : rows;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("entries", page.stream().map(WalletJson::entry).toList());
        json.put("limit", limit);
        json.put("nextCursor", rows.size() > limit ? token(page.get(limit - 1).id()) : null);
        return Reply.ok(json);
    }

    static String token(long entryId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("entry|" + entryId).getBytes(StandardCharsets.UTF_8));
    }

    static long parse(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("entry|")) {
                long id = Long.parseLong(decoded.substring(6));
                if (id > 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new PagosException(ErrorCode.INVALID_REQUEST, "cursor is not one this API handed out");
    }
}
