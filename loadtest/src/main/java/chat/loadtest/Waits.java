package chat.loadtest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded polling: every wait of a run ends by its deadline. */
final class Waits {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Waits() {
    }

    /** Polls {@code condition} until it holds or {@code deadlineNanos} passes; true when it held. */
    static boolean until(BooleanSupplier condition, long deadlineNanos) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            pause(POLL_NANOS);
        }
        return true;
    }

    /** Sleeps until {@code nanoTime} (a {@link System#nanoTime()} value), without busy-waiting. */
    static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            pause(left);
        }
    }

    private static void pause(long nanos) {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting");
        }
    }
}
