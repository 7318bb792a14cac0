package chat.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with full jitter between half and all of the step. Not thread-safe. */
final class Backoff {
    private static final long FIRST_MS = 100;

    private final long maxMs;
    private int attempt;

    Backoff(Duration max) {
        this.maxMs = max.toMillis();
    }

    /** The wait before the next attempt. */
    long nextDelayMs() {
        long step = Math.min(maxMs, FIRST_MS << Math.min(attempt, 20));
        attempt++;
        return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
    }

    void reset() {
        attempt = 0;
    }
}
