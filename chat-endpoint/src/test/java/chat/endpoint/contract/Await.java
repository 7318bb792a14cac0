package chat.endpoint.contract;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Bounded waiting for a condition that has no event to wait on (a counter reaching a value). */
public final class Await {
    private Await() {
    }

    public static void until(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 10 s: " + what.get());
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
