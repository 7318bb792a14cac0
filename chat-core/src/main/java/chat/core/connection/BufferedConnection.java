package chat.core.connection;

import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A {@link Connection} with a bounded outbound queue and exactly one write in flight, so a session
 * is only ever written by one thread at a time and a slow reader costs at most its queue.
 *
 * <p>Writes run on the {@code writers} executor: the thread that queues a frame (typically the one
 * delivering a room's message to all its members) only queues it, and the socket writes of many
 * connections proceed in parallel. With {@code Runnable::run} the queuing thread writes itself.
 *
 * <p>When the queue is full the connection is closed at once with 1008 {@code slow consumer} and
 * its queued frames are dropped; other connections are not affected. A requested close waits until
 * the queue is written. Writes that complete inside {@link FrameTransport#send} are continued by a
 * loop, not by recursion. The transport is closed exactly once.
 *
 * <p>A write that fails, whatever the transport throws or reports (an {@link Error} included: a
 * container's encoder may throw one for text it cannot encode), fails this connection alone: its
 * queue is dropped, it is closed with 1011 {@code send failed} and {@code onSendFailed} is told
 * once. The writer thread goes on with other connections; a {@link VirtualMachineError} is passed
 * on after the connection is failed.
 *
 * <p>This class takes frames and closes; its {@link WriteLoop} writes them and its
 * {@link CloseState} decides who closes the transport, all under this connection's lock.
 */
public final class BufferedConnection implements Connection {
    public static final String SLOW_CONSUMER = "slow consumer";

    private final String id;
    private final String userId;
    private final Runnable onSlowConsumer;

    // guarded by this
    private final OutboundQueue queue;
    private final CloseState closeState = new CloseState();
    private final QueueWaiters waiters = new QueueWaiters();
    private final GuardedTransport closer;
    private final WriteLoop writeLoop;

    /** A connection whose writes run on the thread that queues the frame. */
    public BufferedConnection(String id, String userId, FrameTransport transport, int capacity) {
        this(id, userId, transport, capacity, Runnable::run);
    }

    public BufferedConnection(String id, String userId, FrameTransport transport, int capacity, Executor writers) {
        this(id, userId, transport, capacity, writers, () -> { }, failure -> { });
    }

    /**
     * @param onSlowConsumer called once when this connection is closed for a full queue
     * @param onSendFailed   called once, with the failure, when a write failed and the connection is
     *                       closed with 1011
     */
    public BufferedConnection(String id, String userId, FrameTransport transport, int capacity, Executor writers,
                              Runnable onSlowConsumer, Consumer<Throwable> onSendFailed) {
        Objects.requireNonNull(writers, "writers");
        this.onSlowConsumer = Objects.requireNonNull(onSlowConsumer, "onSlowConsumer");
        Objects.requireNonNull(onSendFailed, "onSendFailed");
        this.id = Objects.requireNonNull(id, "id");
        this.userId = Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(transport, "transport");
        this.closer = new GuardedTransport(transport, writers);
        this.queue = new OutboundQueue(capacity);
        this.writeLoop = new WriteLoop(this, transport, writers, closer, queue, closeState, this::releaseWaiters,
                onSendFailed);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public boolean send(EncodedFrame frame) {
        Objects.requireNonNull(frame, "frame");
        synchronized (this) {
            if (closeState.isClosing()) {
                return false;
            }
            if (!writeLoop.tryClaim()) {
                if (queue.offer(frame)) {
                    return true;
                }
                queue.clear();
                closeState.closeNow();
                frame = null;
            }
        }
        if (frame == null) {
            onSlowConsumer.run();
            closer.closeOnWriter(CloseCode.POLICY_VIOLATION, SLOW_CONSUMER);
            releaseWaiters();
            return false;
        }
        writeLoop.start(frame);
        return true;
    }

    /**
     * Completes once at most {@code bytes} are queued behind the write in flight, or once the
     * connection is closed or closing: at once when that is so already. A command whose answer is
     * large (a HISTORY page, a replay) waits for it, so a client that does not read what it asked
     * for cannot make the server hold more: its commands wait, and past
     * {@code MAX_PENDING_COMMANDS} it is closed.
     */
    @Override
    public CompletionStage<Void> whenQueuedAtMost(long bytes) {
        synchronized (this) {
            if (queue.bytes() > bytes && !closeState.isClosing()) {
                return waiters.add(bytes);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Completes the waiters whose bound the queue now keeps, outside the lock (they go on with their command). */
    private void releaseWaiters() {
        if (!waiters.any()) {
            return;
        }
        List<CompletableFuture<Void>> ready;
        synchronized (this) {
            ready = waiters.takeReady(queue.bytes(), closeState.isClosing());
        }
        ready.forEach(r -> r.complete(null));
    }

    @Override
    public void close(CloseCode code, String reason) {
        Objects.requireNonNull(code, "code");
        boolean closeNow;
        synchronized (this) {
            if (closeState.isClosing()) {
                return;
            }
            closeNow = !writeLoop.isWriting();
            if (closeNow) {
                closeState.closeNow();
            } else {
                closeState.request(code, reason); // the writer closes once the queue is empty
            }
        }
        if (closeNow) { // decided under the lock: the writer may have closed by now, once
            closer.closeOnWriter(code, reason);
        }
        releaseWaiters();
    }

    /**
     * Queues {@code last} behind what is queued and closes once it is written, in one step: nothing
     * queued later is sent after it. {@code last} is taken even when the queue is full (it is one
     * small frame more than the bound).
     */
    @Override
    public void closeAfter(EncodedFrame last, CloseCode code, String reason) {
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(code, "code");
        synchronized (this) {
            if (closeState.isClosing()) {
                return;
            }
            closeState.request(code, reason); // the writer closes once the queue is empty
            if (!writeLoop.tryClaim()) {
                queue.add(last);
                last = null;
            }
        }
        releaseWaiters();
        if (last != null) {
            writeLoop.start(last);
        }
    }

    @Override
    public boolean ping() {
        synchronized (this) {
            if (closeState.isClosing() || !writeLoop.tryClaim()) {
                return false;
            }
        }
        writeLoop.ping(); // the ping is this connection's one write in flight
        return true;
    }

    /**
     * Also bounds the queue in bytes (UTF-8 of the queued frames); past it the connection is
     * closed as a slow consumer like past the frame bound. Call before the first send.
     */
    public BufferedConnection withByteCapacity(long bytes) {
        synchronized (this) {
            queue.boundBytes(bytes);
        }
        return this;
    }

    /**
     * Closes this connection as a slow consumer (1008) when one write has been in flight longer
     * than {@code timeoutNanos}: its reader stopped reading. Returns whether it did.
     */
    @Override
    public boolean closeIfStalled(long nowNanos, long timeoutNanos) {
        if (!writeLoop.isStalled(nowNanos, timeoutNanos)) {
            return false; // the peer check's common answer, without contending with the writers for the lock
        }
        synchronized (this) {
            if (closeState.isClosed() || !writeLoop.isStalled(nowNanos, timeoutNanos)) {
                return false;
            }
            queue.clear();
            closeState.closeNow();
        }
        onSlowConsumer.run();
        closer.closeNow(CloseCode.POLICY_VIOLATION, SLOW_CONSUMER);
        releaseWaiters();
        return true;
    }

    /** UTF-8 bytes of the frames waiting behind the one being written. */
    @Override
    public synchronized long queuedBytes() {
        return queue.bytes();
    }

    /** Frames waiting behind the one being written. */
    public synchronized int queued() {
        return queue.size();
    }

    /** True once the transport was (or is being) closed. */
    public synchronized boolean isClosed() {
        return closeState.isClosed();
    }
}
