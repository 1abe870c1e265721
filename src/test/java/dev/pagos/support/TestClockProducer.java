package dev.pagos.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Replaces the production clock (dev.pagos.time.Clocks) in tests only, with one the tests can move. */
@Singleton
public class TestClockProducer {

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    Clock movableClock() {
        return MutableClock.INSTANCE;
    }
}
