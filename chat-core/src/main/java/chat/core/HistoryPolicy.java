package chat.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of each room's history a broker keeps.
 *
 * @param size      the newest TALKs kept per room ({@code HISTORY_SIZE})
 * @param retention how long a room's history (and its numbering) outlives the room's last member
 *                  anywhere ({@code HISTORY_RETENTION_SECONDS})
 */
public record HistoryPolicy(int size, Duration retention) {
    public static final HistoryPolicy DEFAULT = new HistoryPolicy(100, Duration.ofHours(1));
    public static final int MAX_SIZE = 10_000;

    public HistoryPolicy {
        Objects.requireNonNull(retention, "retention");
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("history size must be 1-" + MAX_SIZE + ", was " + size);
        }
        if (retention.toMillis() < 1) {
            throw new IllegalArgumentException("history retention must be positive, was " + retention);
        }
    }
}
