package chat.core.connection;

import chat.core.protocol.EncodedFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The one write in flight of a {@link BufferedConnection}: it writes a frame, and when that write
 * completes, what queued meanwhile (several frames in one write where the transport takes them),
 * until the queue is empty; then it makes the close that waited
 * for the queue. Writes that complete inside {@link FrameTransport#send} are continued by a loop,
 * not by recursion. A failed write drops the queue and closes the connection with 1011.
 *
 * <p>Its state is guarded by the connection's lock, which it is given: the connection claims the
 * writer under that lock ({@link #tryClaim}) and starts the write ({@link #start}, {@link #ping})
 * after releasing it.
 */
final class WriteLoop {
    /** Queued frames written together take at most this many bytes (one large frame goes alone). */
    static final int MAX_BYTES_PER_WRITE = 64 * 1024;
    private final Object lock;
    private final FrameTransport transport;
    private final Executor writers;
    private final GuardedTransport closer;
    private final OutboundQueue queue;
    private final CloseState closeState;
    private final Runnable releaseWaiters;
    private final Consumer<Throwable> onSendFailed;
    private final int maxFramesPerWrite;

    // written under the lock; volatile so that the peer check may look without taking it (isStalled)
    private volatile boolean writing;
    private volatile long writeStartedNanos;
    // guarded by lock
    private boolean insideSend;
    private boolean completedInside;

    /**
     * @param lock           the connection's lock, which guards {@code queue}, {@code closeState}
     *                       and this loop
     * @param releaseWaiters completes, outside the lock, the waiters whose bound the queue now keeps
     * @param onSendFailed   called once, with the failure, when a write failed
     */
    WriteLoop(Object lock, FrameTransport transport, Executor writers, GuardedTransport closer, OutboundQueue queue,
              CloseState closeState, Runnable releaseWaiters, Consumer<Throwable> onSendFailed) {
        this.lock = lock;
        this.transport = transport;
        this.writers = writers;
        this.closer = closer;
        this.queue = queue;
        this.closeState = closeState;
        this.releaseWaiters = releaseWaiters;
        this.onSendFailed = onSendFailed;
        this.maxFramesPerWrite = Math.max(1, transport.maxFramesPerWrite());
    }

    /** Under the lock: true while a write (or ping) is in flight. */
    boolean isWriting() {
        return writing;
    }

    /** Under the lock: makes the caller's write the one in flight if none is; returns whether it did. */
    boolean tryClaim() {
        if (writing) {
            return false;
        }
        writing = true;
        writeStartedNanos = System.nanoTime();
        return true;
    }

    /**
     * True when one write has been in flight longer than {@code timeoutNanos}. Without the lock it
     * may be out of date by the write that is completing: a true answer is confirmed under it.
     */
    boolean isStalled(long nowNanos, long timeoutNanos) {
        return writing && nowNanos - writeStartedNanos > timeoutNanos;
    }

    /**
     * Having claimed the writer: writes {@code first}, then the queue, on a writer thread (inside
     * {@link WriteBatch#during}, once the delivery is over).
     */
    void start(EncodedFrame first) {
        List<EncodedFrame> frames = List.of(first);
        WriteBatch.start(writers, () -> write(frames), this::onWritten);
    }

    /** Having claimed the writer: sends a WebSocket ping as the write in flight. */
    void ping() {
        try {
            transport.ping(this::onWritten);
        } catch (Throwable e) {
            failed(e);
        }
    }

    private void write(List<EncodedFrame> first) {
        VirtualMachineError fatal = writeFrom(first);
        if (fatal != null) {
            throw fatal; // this connection is failed and closed; the JVM's trouble is not ours to hide
        }
    }

    /** Writes {@code first} and whatever completes inline after it; returns a VirtualMachineError a send threw. */
    private VirtualMachineError writeFrom(List<EncodedFrame> first) {
        List<EncodedFrame> frames = first;
        VirtualMachineError fatal = null;
        while (true) {
            synchronized (lock) {
                insideSend = true;
                completedInside = false;
            }
            try {
                send(frames);
            } catch (Throwable e) {
                if (e instanceof VirtualMachineError vme && fatal == null) {
                    fatal = vme;
                }
                onWritten(e);
            }
            CloseState.Request toClose;
            synchronized (lock) {
                insideSend = false;
                if (!completedInside) {
                    return fatal; // completes later, and onWritten carries on from there
                }
                frames = nextOrIdle();
                toClose = frames == null ? closeState.takeRequest() : null;
            }
            releaseWaiters.run();
            if (frames == null) {
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

    private void send(List<EncodedFrame> frames) {
        if (frames.size() == 1) {
            transport.send(frames.get(0), this::onWritten);
        } else {
            transport.sendAll(frames, this::onWritten);
        }
    }

    private void onWritten(Throwable failure) {
        List<EncodedFrame> next;
        CloseState.Request toClose;
        boolean firstFailure = false;
        boolean continuedByLoop;
        synchronized (lock) {
            if (failure != null && !closeState.isClosed()) {
                queue.clear();
                firstFailure = closeState.writeFailed();
            }
            continuedByLoop = insideSend;
            if (continuedByLoop) {
                completedInside = true;
                next = null;
                toClose = null;
            } else {
                next = nextOrIdle();
                toClose = next == null ? closeState.takeRequest() : null;
            }
        }
        if (firstFailure) {
            reportSendFailed(failure);
        }
        if (continuedByLoop) {
            return; // the write loop goes on from here
        }
        releaseWaiters.run();
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

    /**
     * Under the lock: the next frames to write, or null after marking the writer idle. Frames that
     * queued up while a write was in flight go out together, as many as the transport takes a
     * write and up to {@value #MAX_BYTES_PER_WRITE} bytes (the first whatever its size): a reader
     * that fell behind costs one write for what waits, not one per frame, so a busy server spends
     * less per frame the busier it is.
     */
    private List<EncodedFrame> nextOrIdle() {
        EncodedFrame next = closeState.isClosed() ? null : queue.poll();
        if (next == null) {
            writing = false;
            return null;
        }
        writeStartedNanos = System.nanoTime();
        EncodedFrame after = queue.peek();
        if (after == null || maxFramesPerWrite == 1) {
            return List.of(next);
        }
        List<EncodedFrame> frames = new ArrayList<>(Math.min(maxFramesPerWrite, queue.size() + 1));
        frames.add(next);
        long bytes = next.bytes();
        while (after != null && frames.size() < maxFramesPerWrite && bytes + after.bytes() <= MAX_BYTES_PER_WRITE) {
            frames.add(queue.poll());
            bytes += after.bytes();
            after = queue.peek();
        }
        return frames;
    }

    private void closeTransport(CloseState.Request request) {
        if (request != null) {
            closer.closeNow(request.code(), request.reason());
        }
    }
}
