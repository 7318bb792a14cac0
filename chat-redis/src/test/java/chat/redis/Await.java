package chat.redis;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bounded waiting, for chat-redis' tests, for a condition that has no event to wait on (a broker
 * reporting itself available, a key expiring): checks every 5 ms, fails saying {@code what} after
 * 10 s. Never a pause to let things settle.
 */
final class Await {
    private static final Duration BOUND = Duration.ofSeconds(10);

    private Await() {
    }

    static void until(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + BOUND.toSeconds() + " s: " + what.get());
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
