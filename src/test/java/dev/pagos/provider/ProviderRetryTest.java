package dev.pagos.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProviderRetryTest {

    private static final ProviderRetry.Policy THREE_QUICK = new ProviderRetry.Policy(3, Duration.ofMillis(1));

    @Test
    void transientFailuresAreRetriedUntilSuccess() {
        AtomicInteger attempts = new AtomicInteger();
        String result = ProviderRetry.call("op", THREE_QUICK, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new ProviderRetry.TransientFailure("503", null);
            }
            return "ok";
        });
        assertEquals("ok", result);
        assertEquals(3, attempts.get());
    }

    @Test
    void exhaustedRetriesBecomeProviderUnavailable() {
        AtomicInteger attempts = new AtomicInteger();
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class, () -> ProviderRetry.call("op",
                THREE_QUICK, () -> {
                    attempts.incrementAndGet();
                    throw new ProviderRetry.TransientFailure("timeout", null);
                }));
        assertEquals(3, attempts.get());
        assertEquals("timeout", e.getCause().getMessage());
    }

    @Test
    void aRefusalIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        ProviderRejectedException refusal = new ProviderRejectedException("INSTRUMENT_DECLINED", "declined");
        ProviderRejectedException thrown = assertThrows(ProviderRejectedException.class, () -> ProviderRetry.call("op",
                THREE_QUICK, () -> {
                    attempts.incrementAndGet();
                    throw refusal;
                }));
        assertSame(refusal, thrown);
        assertEquals(1, attempts.get());
    }

    @Test
    void atLeastOneAttempt() {
        assertThrows(IllegalArgumentException.class, () -> new ProviderRetry.Policy(0, Duration.ZERO));
    }
}
