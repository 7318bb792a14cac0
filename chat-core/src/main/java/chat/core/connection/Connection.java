package chat.core.connection;

import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;

/**
 * The hub's view of one client connection. Implementations are thread-safe; identity is object
 * identity (two tabs of one user are two connections).
 */
public interface Connection {

    /** An id for logs, unique within this instance. */
    String id();

    /** The user this connection speaks for, validated at the handshake. */
    String userId();

    /**
     * Queues a frame for this client without blocking. Returns false when the frame was not
     * queued: the connection is closing, or its queue was full and it is being closed as a slow
     * consumer.
     */
    boolean send(EncodedFrame frame);

    /**
     * Sends a WebSocket ping if nothing is being written right now; returns whether one was sent.
     * A busy writer is skipped: pings never wait in, or jump, the outbound queue.
     */
    default boolean ping() {
        return false;
    }

    /**
     * Completes once no more than {@code bytes} are queued for this client, or once it is closing.
     * The default never waits.
     */
    default java.util.concurrent.CompletionStage<Void> whenQueuedAtMost(long bytes) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /** UTF-8 bytes queued for this client and not yet written (0 when unknown). */
    default long queuedBytes() {
        return 0;
    }

    /**
     * Closes the connection as a slow consumer when a write has been in flight longer than
     * {@code timeoutNanos}; returns whether it did. The default never stalls.
     */
    default boolean closeIfStalled(long nowNanos, long timeoutNanos) {
        return false;
    }

    /** Closes the connection after the frames already queued have been written. Idempotent. */
    void close(CloseCode code, String reason);

    /**
     * Queues {@code last} and closes the connection once it is written, so that no frame queued
     * later follows it (a SHUTDOWN notice is a client's last frame). Implementations do both in one
     * step; this default only sends, then closes.
     */
    default void closeAfter(EncodedFrame last, CloseCode code, String reason) {
        send(last);
        close(code, reason);
    }
}
