package dev.pagos.ratelimit;

import java.time.Duration;

/** The bucket's next slot is too far ahead to wait for: the call is not made (the caller's work is retried later). */
public class RateLimitedException extends RuntimeException {

    public RateLimitedException(String bucket, Duration wait) {
        super("rate limit of " + bucket + ": next slot in " + wait.toMillis() + " ms");
    }
}
