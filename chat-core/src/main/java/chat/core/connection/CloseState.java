package chat.core.connection;

import chat.core.protocol.CloseCode;

/**
 * Whether a {@link BufferedConnection} is open, closing (a close waits until the writer has written
 * the queue) or closed, and that its transport is closed once: whoever moves it to closed, by
 * {@link #closeNow} or by {@link #takeRequest}, closes the transport, and nobody else. Also
 * remembers whether a write failed, so that the failure is reported once. Not thread-safe: the
 * connection uses it under its own lock.
 */
final class CloseState {

    /** A close to make once the writer is idle. */
    record Request(CloseCode code, String reason) {
    }

    private Request pending;
    private boolean closed;
    private boolean failed;

    /** True when closed or closing: the connection takes no more frames. */
    boolean isClosing() {
        return closed || pending != null;
    }

    /** True once the transport was (or is being) closed. */
    boolean isClosed() {
        return closed;
    }

    /** Closed from now on; the caller closes the transport. */
    void closeNow() {
        closed = true;
    }

    /** Closing: the writer closes the transport with {@code code} once the queue is written. */
    void request(CloseCode code, String reason) {
        pending = new Request(code, reason);
    }

    /**
     * While not closed: a write failed, so the connection closes with 1011 {@code send failed} once
     * the writer is idle, whatever close was requested before. Returns whether this is the first
     * failure, the one to report.
     */
    boolean writeFailed() {
        pending = new Request(CloseCode.UNEXPECTED_CONDITION, "send failed");
        boolean first = !failed;
        failed = true;
        return first;
    }

    /** With the writer idle: the pending close, now the caller's to make; null when none or closed already. */
    Request takeRequest() {
        if (closed || pending == null) {
            return null;
        }
        closed = true;
        return pending;
    }
}
