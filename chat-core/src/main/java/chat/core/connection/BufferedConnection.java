package chat.core.connection;

import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 */
public final class BufferedConnection implements Connection {
    public static final String SLOW_CONSUMER = "slow consumer";

    private record CloseRequest(CloseCode code, String reason) {
    }

    private final String id;
    private final String userId;
    private final FrameTransport transport;
    private final Executor writers;
    private final Runnable onSlowConsumer;
    private final Consumer<Throwable> onSendFailed;

    // guarded by this
    private final OutboundQueue queue;
    private boolean writing;
    private long writeStartedNanos;
    private boolean insideSend;
    private boolean completedInside;
    private CloseRequest closeRequest;
    private boolean closed;
    private boolean failed;
    private final QueueWaiters waiters = new QueueWaiters();
    private final GuardedTransport closer;

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
        this.writers = Objects.requireNonNull(writers, "writers");
        this.onSlowConsumer = Objects.requireNonNull(onSlowConsumer, "onSlowConsumer");
        this.onSendFailed = Objects.requireNonNull(onSendFailed, "onSendFailed");
        this.id = Objects.requireNonNull(id, "id");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.closer = new GuardedTransport(transport, writers);
        this.queue = new OutboundQueue(capacity);
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
            if (closed || closeRequest != null) {
                return false;
            }
            if (!writing) {
                writing = true;
                writeStartedNanos = System.nanoTime();
            } else if (queue.offer(frame)) {
                return true;
            } else {
                queue.clear();
                closed = true;
                frame = null;
            }
        }
        if (frame == null) {
            onSlowConsumer.run();
            closer.closeOnWriter(CloseCode.POLICY_VIOLATION, SLOW_CONSUMER);
            releaseWaiters();
            return false;
        }
        startWriting(frame);
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
            if (queue.bytes() > bytes && !closed && closeRequest == null) {
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
            ready = waiters.takeReady(queue.bytes(), closed || closeRequest != null);
        }
        ready.forEach(r -> r.complete(null));
    }

    @Override
    public void close(CloseCode code, String reason) {
        Objects.requireNonNull(code, "code");
        boolean closeNow;
        synchronized (this) {
            if (closed || closeRequest != null) {
                return;
            }
            closeNow = !writing;
            if (closeNow) {
                closed = true;
            } else {
                closeRequest = new CloseRequest(code, reason); // the writer closes once the queue is empty
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
            if (closed || closeRequest != null) {
                return;
            }
            closeRequest = new CloseRequest(code, reason); // the writer closes once the queue is empty
            if (writing) {
                queue.add(last);
                last = null;
            } else {
                writing = true;
                writeStartedNanos = System.nanoTime();
            }
        }
        releaseWaiters();
        if (last != null) {
            startWriting(last);
        }
    }

    @Override
    public boolean ping() {
        synchronized (this) {
            if (closed || closeRequest != null || writing) {
                return false;
            }
            writing = true; // the ping is this connection's one write in flight
            writeStartedNanos = System.nanoTime();
        }
        try {
            transport.ping(this::onWritten);
        } catch (Throwable e) {
            failed(e);
        }
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
        synchronized (this) {
            if (!writing || closed || nowNanos - writeStartedNanos <= timeoutNanos) {
                return false;
            }
            queue.clear();
            closed = true;
        }
        onSlowConsumer.run();
        closeTransport(new CloseRequest(CloseCode.POLICY_VIOLATION, SLOW_CONSUMER));
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
        return closed;
    }

    private void startWriting(EncodedFrame first) {
        try {
            writers.execute(() -> write(first));
        } catch (RejectedExecutionException shuttingDown) {
            onWritten(shuttingDown);
        }
    }

    private void write(EncodedFrame first) {
        VirtualMachineError fatal = writeFrom(first);
        if (fatal != null) {
            throw fatal; // this connection is failed and closed; the JVM's trouble is not ours to hide
        }
    }

    /** Writes {@code first} and whatever completes inline after it; returns a VirtualMachineError a send threw. */
    private VirtualMachineError writeFrom(EncodedFrame first) {
        EncodedFrame frame = first;
        VirtualMachineError fatal = null;
        while (true) {
            synchronized (this) {
                insideSend = true;
                completedInside = false;
            }
            try {
                transport.send(frame, this::onWritten);
            } catch (Throwable e) {
                if (e instanceof VirtualMachineError vme && fatal == null) {
                    fatal = vme;
                }
                onWritten(e);
            }
            CloseRequest toClose;
            synchronized (this) {
                insideSend = false;
                if (!completedInside) {
                    return fatal; // completes later, and onWritten carries on from there
                }
                frame = nextOrIdle();
                toClose = frame == null ? takeCloseRequest() : null;
            }
            releaseWaiters();
            if (frame == null) {
                closeTransport(toClose);
                return fatal;
            }
        }
    }

    /** A write threw: it failed like one that reported a failure; a dying JVM's error goes on up. */
    private void failed(Throwable thrown) {
        onWritten(thrown);
        if (thrown instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    private void onWritten(Throwable failure) {
        EncodedFrame next;
        CloseRequest toClose;
        boolean firstFailure = false;
        boolean continuedByLoop;
        synchronized (this) {
            if (failure != null && !closed) {
                queue.clear();
                closeRequest = new CloseRequest(CloseCode.UNEXPECTED_CONDITION, "send failed");
                firstFailure = !failed;
                failed = true;
            }
            continuedByLoop = insideSend;
            if (continuedByLoop) {
                completedInside = true;
                next = null;
                toClose = null;
            } else {
                next = nextOrIdle();
                toClose = next == null ? takeCloseRequest() : null;
            }
        }
        if (firstFailure) {
            reportSendFailed(failure);
        }
        if (continuedByLoop) {
            return; // the write loop goes on from here
        }
        releaseWaiters();
        if (next != null) {
            write(next);
        } else {
            closeTransport(toClose);
        }
    }

    private void reportSendFailed(Throwable failure) {
        try {
            onSendFailed.accept(failure);
        } catch (RuntimeException listenerBug) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, listenerBug);
        }
    }

    /** Under the lock: the next frame to write, or null after marking the writer idle. */
    private EncodedFrame nextOrIdle() {
        EncodedFrame next = closed ? null : queue.poll();
        if (next == null) {
            writing = false;
        } else {
            writeStartedNanos = System.nanoTime();
        }
        return next;
    }

    /** Under the lock, with the writer idle: the pending close, now owned by the caller. */
    private CloseRequest takeCloseRequest() {
        if (closed || closeRequest == null) {
            return null;
        }
        closed = true;
        return closeRequest;
    }

    private void closeTransport(CloseRequest request) {
        if (request != null) {
            closer.closeNow(request.code(), request.reason());
        }
    }
}
