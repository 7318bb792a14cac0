package chat.core;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

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
 */
public final class BufferedConnection implements Connection {
    public static final String SLOW_CONSUMER = "slow consumer";

    private record CloseRequest(CloseCode code, String reason) {
    }

    private final String id;
    private final String userId;
    private final FrameTransport transport;
    private final int capacity;
    private long capacityBytes = Long.MAX_VALUE;
    private final Executor writers;
    private final Runnable onSlowConsumer;

    // guarded by this
    private final ArrayDeque<EncodedFrame> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean writing;
    private long writeStartedNanos;
    private boolean insideSend;
    private boolean completedInside;
    private CloseRequest closeRequest;
    private boolean closed;

    /** A connection whose writes run on the thread that queues the frame. */
    public BufferedConnection(String id, String userId, FrameTransport transport, int capacity) {
        this(id, userId, transport, capacity, Runnable::run);
    }

    public BufferedConnection(String id, String userId, FrameTransport transport, int capacity, Executor writers) {
        this(id, userId, transport, capacity, writers, () -> { });
    }

    /** @param onSlowConsumer called once when this connection is closed for a full queue */
    public BufferedConnection(String id, String userId, FrameTransport transport, int capacity, Executor writers,
                              Runnable onSlowConsumer) {
        this.writers = Objects.requireNonNull(writers, "writers");
        this.onSlowConsumer = Objects.requireNonNull(onSlowConsumer, "onSlowConsumer");
        this.id = Objects.requireNonNull(id, "id");
        this.userId = Objects.requireNonNull(userId, "userId");
        this.transport = Objects.requireNonNull(transport, "transport");
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
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
            } else if (queue.size() < capacity && queuedBytes + frame.bytes() <= capacityBytes) {
                queue.addLast(frame);
                queuedBytes += frame.bytes();
                return true;
            } else {
                queue.clear();
                queuedBytes = 0;
                closed = true;
                frame = null;
            }
        }
        if (frame == null) {
            onSlowConsumer.run();
            closeOnWriter(CloseCode.POLICY_VIOLATION, SLOW_CONSUMER);
            return false;
        }
        startWriting(frame);
        return true;
    }

    @Override
    public void close(CloseCode code, String reason) {
        Objects.requireNonNull(code, "code");
        synchronized (this) {
            if (closed || closeRequest != null) {
                return;
            }
            if (writing) {
                closeRequest = new CloseRequest(code, reason); // the writer closes once the queue is empty
                return;
            }
            closed = true;
        }
        closeOnWriter(code, reason);
    }

    /**
     * Closes the transport on a writer thread, never on the caller's: {@link #send} and
     * {@link #close} are called while a room's message is delivered, under that room's feed lock,
     * and a container may report the close at once ({@code @OnClose}), whose disconnect publishes
     * LEAVEs to the member's other rooms. With the in-process broker those are delivered on the
     * same thread, so two such closes in two rooms could each wait for the other's feed.
     */
    private void closeOnWriter(CloseCode code, String reason) {
        try {
            writers.execute(() -> transport.close(code, reason));
        } catch (RejectedExecutionException shuttingDown) {
            transport.close(code, reason);
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
        } catch (RuntimeException e) {
            onWritten(e);
        }
        return true;
    }

    /**
     * Also bounds the queue in bytes (UTF-8 of the queued frames); past it the connection is
     * closed as a slow consumer like past the frame bound. Call before the first send.
     */
    public BufferedConnection withByteCapacity(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("byte capacity must be positive, was " + bytes);
        }
        synchronized (this) {
            this.capacityBytes = bytes;
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
            queuedBytes = 0;
            closed = true;
        }
        onSlowConsumer.run();
        transport.close(CloseCode.POLICY_VIOLATION, SLOW_CONSUMER);
        return true;
    }

    /** UTF-8 bytes of the frames waiting behind the one being written. */
    @Override
    public synchronized long queuedBytes() {
        return queuedBytes;
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
        EncodedFrame frame = first;
        while (true) {
            synchronized (this) {
                insideSend = true;
                completedInside = false;
            }
            try {
                transport.send(frame, this::onWritten);
            } catch (RuntimeException e) {
                onWritten(e);
            }
            CloseRequest toClose;
            synchronized (this) {
                insideSend = false;
                if (!completedInside) {
                    return; // completes later, and onWritten carries on from there
                }
                frame = nextOrIdle();
                toClose = frame == null ? takeCloseRequest() : null;
            }
            if (frame == null) {
                closeTransport(toClose);
                return;
            }
        }
    }

    private void onWritten(Throwable failure) {
        EncodedFrame next;
        CloseRequest toClose;
        synchronized (this) {
            if (failure != null && !closed) {
                queue.clear();
                queuedBytes = 0;
                closeRequest = new CloseRequest(CloseCode.UNEXPECTED_CONDITION, "send failed");
            }
            if (insideSend) {
                completedInside = true;
                return;
            }
            next = nextOrIdle();
            toClose = next == null ? takeCloseRequest() : null;
        }
        if (next != null) {
            write(next);
        } else {
            closeTransport(toClose);
        }
    }

    /** Under the lock: the next frame to write, or null after marking the writer idle. */
    private EncodedFrame nextOrIdle() {
        EncodedFrame next = closed ? null : queue.pollFirst();
        if (next == null) {
            writing = false;
        } else {
            queuedBytes -= next.bytes();
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
            transport.close(request.code(), request.reason());
        }
    }
}
