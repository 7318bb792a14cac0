package chat.core.events;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * A log line about something that may happen in floods (bad input from outside, a failing
 * dependency), written at most once per interval: the first occurrence is logged at once, later ones
 * are counted and the count goes into the next line. A flood costs a counter, not a line each;
 * occurrences after the last line are reported by the next occurrence past the interval (metrics
 * count them all).
 *
 * <p>Thread-safe and lock-free.
 */
public final class ThrottledWarning {
    private final System.Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong unreported = new AtomicLong();
    private final AtomicLong nextLineAt;

    public ThrottledWarning(System.Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds */
    public ThrottledWarning(System.Logger log, Duration interval, LongSupplier nanoTime) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.nextLineAt = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Counts one occurrence and logs a WARNING line if the interval has passed since the last one.
     *
     * @param line the line, given how many occurrences it reports (this one included); called only
     *             when a line is logged
     */
    public void occurred(LongFunction<String> line) {
        occurred(System.Logger.Level.WARNING, line, null);
    }

    /** As {@link #occurred(LongFunction)}, with the failure's stack trace when one is given. */
    public void occurred(LongFunction<String> line, Throwable failure) {
        occurred(System.Logger.Level.WARNING, line, failure);
    }

    /**
     * As {@link #occurred(LongFunction, Throwable)} at {@code level}. Occurrences are counted even
     * while the level is not logged, so that a line written after it is turned on reports them.
     */
    public void occurred(System.Logger.Level level, LongFunction<String> line, Throwable failure) {
        unreported.incrementAndGet();
        long now = nanoTime.getAsLong();
        long due = nextLineAt.get();
        if (now - due >= 0 && log.isLoggable(level) && nextLineAt.compareAndSet(due, now + intervalNanos)) {
            long count = unreported.getAndSet(0);
            if (failure == null) {
                log.log(level, line.apply(count));
            } else {
                log.log(level, line.apply(count), failure);
            }
        }
    }
}
