package dev.pagos.provider;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Retries one logical provider call. The caller builds the request once (with its idempotency key)
 * and every attempt sends that same request, so a retry can never become a second charge.
 */
public final class ProviderRetry {

    private static final Logger LOG = Logger.getLogger(ProviderRetry.class);

    /** Thrown by an attempt that may succeed if repeated: timeouts, connection failures, 5xx, 429. */
    public static class TransientFailure extends RuntimeException {

        public TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public record Policy(int maxAttempts, Duration initialBackoff) {

        public Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
        }
    }

    private ProviderRetry() {
    }

    /**
     * @throws ProviderUnavailableException when every attempt failed transiently
     */
    public static <T> T call(String operation, Policy policy, Callable<T> attempt) {
        TransientFailure last = null;
        for (int attemptNumber = 1; attemptNumber <= policy.maxAttempts(); attemptNumber++) {
            try {
                return attempt.call();
            } catch (TransientFailure e) {
                last = e;
                LOG.warnf("%s: attempt %d of %d failed: %s", operation, attemptNumber, policy.maxAttempts(), e.getMessage());
                if (attemptNumber < policy.maxAttempts()) {
                    sleep(policy.initialBackoff().multipliedBy(1L << (attemptNumber - 1)));
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(operation + " failed", e);
            }
        }
        throw new ProviderUnavailableException(operation + " failed after " + policy.maxAttempts() + " attempts", last);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while waiting to retry", e);
        }
    }
}
