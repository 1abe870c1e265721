package dev.pagos.provider.wompi;

import dev.pagos.provider.ProviderUnavailableException;
import dev.pagos.ratelimit.RateLimitedException;
import dev.pagos.ratelimit.RateLimiter;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * Every call to the Wompi account waits for its slot in the account's bucket first ({@link RateLimiter}, shared by
 * every instance through the database), so that any number of renewal workers together stay under Wompi's limit. A
 * slot too far ahead is a call not made: for the caller, Wompi was unavailable (a charge goes UNKNOWN and is looked
 * for, then sent again, later).
 */
final class RateLimitedWompiApi implements WompiApi {

    private final WompiApi api;
    private final RateLimiter limiter;
    private final String bucket;
    private final double callsPerSecond;

    RateLimitedWompiApi(WompiApi api, RateLimiter limiter, String bucket, double callsPerSecond) {
        this.api = api;
        this.limiter = limiter;
        this.bucket = bucket;
        this.callsPerSecond = callsPerSecond;
    }

    private Response limited(Supplier<Response> call) {
        try {
            limiter.acquire(bucket, callsPerSecond);
        } catch (RateLimitedException e) {
            throw new ProviderUnavailableException(e.getMessage(), e);
        }
        return call.get();
    }

    @Override
    public Response transaction(String bearer, String transactionId) {
        return limited(() -> api.transaction(bearer, transactionId));
    }

    @Override
    public Response merchant(String publicKey) {
        return limited(() -> api.merchant(publicKey));
    }

    @Override
    public Response tokenizeCard(String publicBearer, String body) {
        return limited(() -> api.tokenizeCard(publicBearer, body));
    }

    @Override
    public Response createPaymentSource(String bearer, String body) {
        return limited(() -> api.createPaymentSource(bearer, body));
    }

    @Override
    public Response createTransaction(String bearer, String body) {
        return limited(() -> api.createTransaction(bearer, body));
    }

    @Override
    public Response transactionsByReference(String bearer, String reference) {
        return limited(() -> api.transactionsByReference(bearer, reference));
    }
}
