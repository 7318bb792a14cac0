package chat.core.connection;

import chat.core.protocol.EncodedFrame;

import java.util.ArrayDeque;

/**
 * The frames waiting for one connection behind the write in flight, bounded in frames and in UTF-8
 * bytes. Not thread-safe: {@link BufferedConnection} uses it under its own lock.
 */
final class OutboundQueue {
    private final ArrayDeque<EncodedFrame> frames = new ArrayDeque<>();
    private final int maxFrames;
    private long maxBytes = Long.MAX_VALUE;
    private long bytes;

    OutboundQueue(int maxFrames) {
        if (maxFrames <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + maxFrames);
        }
        this.maxFrames = maxFrames;
    }

    void boundBytes(long max) {
        if (max <= 0) {
            throw new IllegalArgumentException("byte capacity must be positive, was " + max);
        }
        this.maxBytes = max;
    }

    /** Queues {@code frame} if it fits both bounds; returns whether it did. */
    boolean offer(EncodedFrame frame) {
        if (frames.size() >= maxFrames || bytes + frame.bytes() > maxBytes) {
            return false;
        }
        add(frame);
        return true;
    }

    /** Queues {@code frame} whatever the bounds (one small last frame). */
    void add(EncodedFrame frame) {
        frames.addLast(frame);
        bytes += frame.bytes();
    }

    /** The next frame, or null when none waits. */
    EncodedFrame poll() {
        EncodedFrame next = frames.pollFirst();
        if (next != null) {
            bytes -= next.bytes();
        }
        return next;
    }

    /** The next frame without taking it, or null when none waits. */
    EncodedFrame peek() {
        return frames.peekFirst();
    }

    void clear() {
        frames.clear();
        bytes = 0;
    }

    long bytes() {
        return bytes;
    }

    int size() {
        return frames.size();
    }
}
