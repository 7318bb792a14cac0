package chat.core.hub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per key (a userId, a remote address) on this instance, bounded; entries vanish
 * at zero. A maximum of 0 means no bound. Thread-safe.
 */
final class BoundedCounts {
    private final int max;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    BoundedCounts(int max) {
        this.max = max;
    }

    /** Counts one more connection of {@code userId}, unless it already holds the maximum. */
    boolean tryAcquire(String userId) {
        if (max == 0) {
            return true;
        }
        boolean[] acquired = {false};
        counts.compute(userId, (id, n) -> {
            int current = n == null ? 0 : n;
            if (current >= max) {
                return n;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    void release(String userId) {
        if (max == 0) {
            return;
        }
        counts.computeIfPresent(userId, (id, n) -> n <= 1 ? null : n - 1);
    }
}
