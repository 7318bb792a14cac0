package chat.runner.attack;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Bounded waiting for a condition that has no event to wait on (a counter, a file count). */
final class Poll {
    private static final long INTERVAL_NANOS = Duration.ofMillis(20).toNanos();

    private Poll() {
    }

    /** Checks {@code condition} every 20 ms until it holds (true) or {@code within} passes (false). */
    static boolean until(Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(INTERVAL_NANOS);
        }
        return true;
    }

    /** As {@link #until}, failing with {@code seen} (what was seen last) when the condition does not hold in time. */
    static void assertWithin(Duration within, BooleanSupplier condition, Supplier<String> seen) {
        if (!until(within, condition)) {
            fail("not within " + within.toMillis() + " ms: " + seen.get());
        }
    }
}
