package chat.core.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How much history a broker keeps, per room and in all.
 *
 * @param size      the newest TALKs kept per room ({@code HISTORY_SIZE})
 * @param retention how long a room's history (and its numbering) outlives the room's last member
 *                  anywhere ({@code HISTORY_RETENTION_SECONDS})
 * @param maxRooms  rooms whose history is kept at once ({@code HISTORY_MAX_ROOMS}); past it the
 *                  history of the least recently used room is dropped
 * @param maxBytes  bytes of stored TALKs (their JSON) kept at once by a broker that keeps history
 *                  in this process's memory ({@code HISTORY_MAX_BYTES}); past it the least recently
 *                  used rooms' histories are dropped. Redis holds its own memory: the Redis brokers
 *                  bound rooms only
 */
public record HistoryPolicy(int size, Duration retention, int maxRooms, long maxBytes) {
    public static final int DEFAULT_SIZE = 100;
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
    public static final int DEFAULT_MAX_ROOMS = 100_000;
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    public static final HistoryPolicy DEFAULT = new HistoryPolicy(DEFAULT_SIZE, DEFAULT_RETENTION);
    public static final int MAX_SIZE = 10_000;

    public HistoryPolicy {
        Objects.requireNonNull(retention, "retention");
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("history size must be 1-" + MAX_SIZE + ", was " + size);
        }
        if (retention.toMillis() < 1) {
            throw new IllegalArgumentException("history retention must be positive, was " + retention);
        }
        if (maxRooms < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("history bounds must be positive, were " + maxRooms + " rooms and "
                    + maxBytes + " bytes");
        }
    }

    /** {@code size} and {@code retention}, with the default bounds of the whole store. */
    public HistoryPolicy(int size, Duration retention) {
        this(size, retention, DEFAULT_MAX_ROOMS, DEFAULT_MAX_BYTES);
    }

    public HistoryPolicy withMaxRooms(int rooms) {
        return new HistoryPolicy(size, retention, rooms, maxBytes);
    }

    public HistoryPolicy withMaxBytes(long bytes) {
        return new HistoryPolicy(size, retention, maxRooms, bytes);
    }
}
