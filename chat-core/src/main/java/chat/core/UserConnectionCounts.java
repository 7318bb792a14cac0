package chat.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Open connections per userId on this instance, bounded; entries vanish at zero. Thread-safe. */
final class UserConnectionCounts {
    private final int max;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    UserConnectionCounts(int max) {
        this.max = max;
    }

    /** Counts one more connection of {@code userId}, unless it already holds the maximum. */
    boolean tryAcquire(String userId) {
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
        counts.computeIfPresent(userId, (id, n) -> n <= 1 ? null : n - 1);
    }
}
