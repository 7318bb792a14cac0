package chat.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * A warning about something that may happen in floods (bad input from outside), logged at most
 * once per interval: the first occurrence is logged at once, later ones are counted and the count
 * goes into the next line logged. A flood costs a counter, not a log line each; occurrences after
 * the last line are reported by the next occurrence past the interval (the metric counts them all).
 *
 * <p>Thread-safe and lock-free.
 */
final class ThrottledWarning {
    private final System.Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong nextLineAt;

    ThrottledWarning(System.Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds */
    ThrottledWarning(System.Logger log, Duration interval, LongSupplier nanoTime) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.nextLineAt = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Counts one occurrence and logs a line if the interval has passed since the last one.
     *
     * @param line the line, given how many occurrences it reports (this one included); called only
     *             when a line is logged
     */
    void occurred(LongFunction<String> line) {
        unreported.incrementAndGet();
        long now = nanoTime.getAsLong();
        long due = nextLineAt.get();
        if (now - due >= 0 && nextLineAt.compareAndSet(due, now + intervalNanos)) {
            log.log(System.Logger.Level.WARNING, line.apply(unreported.getAndSet(0)));
        }
    }
}
