package chat.redis;

import java.time.Duration;

/**
 * Whether a subscriber connection is alive, for connections TCP would not report dead
 * (half-open). Everything Redis sends on it (a message, a confirmation) is a sign of life, and
 * each heartbeat asks for one ({@link SubscriptionBook#heartbeat}). A ready connection that stays
 * silent for {@code deadAfter}, or one not ready within {@code confirmTimeout + deadAfter} of
 * connecting, is dead: its subscriber drops it and connects again.
 *
 * <p>Thread-safety: lock-free; the reading thread marks what it hears while the broker's
 * scheduler checks, so a writer stuck on the connection cannot keep a dead one alive.
 */
final class SubscriberHeartbeat {
    private final long confirmNanos;
    private final long deadAfterNanos;
    private volatile long connectedNanos;
    private volatile long lastHeardNanos;

    SubscriberHeartbeat(Duration confirmTimeout, Duration deadAfter) {
        this.confirmNanos = confirmTimeout.plus(deadAfter).toNanos();
        this.deadAfterNanos = deadAfter.toNanos();
    }

    /** A new connection: its time to become ready starts now. */
    void connected() {
        connectedNanos = System.nanoTime();
        lastHeardNanos = connectedNanos;
    }

    /** Redis said something on the connection. */
    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /**
     * One beat: whether the connection must be dropped, because it has been silent too long or
     * the request for a sign of life could not be written.
     */
    boolean mustDrop(SubscriptionBook book) {
        long now = System.nanoTime();
        boolean ready = book.isReady();
        boolean dead = ready ? now - lastHeardNanos > deadAfterNanos : now - connectedNanos > confirmNanos;
        return dead || !book.heartbeat();
    }
}
