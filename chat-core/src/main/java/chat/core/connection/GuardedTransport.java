package chat.core.connection;

import chat.core.protocol.CloseCode;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Closes a {@link FrameTransport} so that nothing it throws reaches the caller, and, where asked,
 * on a writer thread rather than the caller's. Thread-safe.
 */
final class GuardedTransport {
    private final FrameTransport transport;
    private final Executor writers;

    GuardedTransport(FrameTransport transport, Executor writers) {
        this.transport = transport;
        this.writers = writers;
    }

    /**
     * Closes on a writer thread, never on the caller's: a connection is closed while a room's
     * message is delivered, under that room's feed lock, and a container may report the close at
     * once ({@code @OnClose}), whose disconnect publishes LEAVEs to the member's other rooms. With
     * the in-process broker those are delivered on the same thread, so two such closes in two rooms
     * could each wait for the other's feed.
     */
    void closeOnWriter(CloseCode code, String reason) {
        try {
            writers.execute(() -> closeNow(code, reason));
        } catch (RejectedExecutionException shuttingDown) {
            closeNow(code, reason);
        }
    }

    /** Closes here; a transport that throws cannot stop the writer that closes it. */
    void closeNow(CloseCode code, String reason) {
        try {
            transport.close(code, reason);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            // the socket is gone or going: the container reports the close
        }
    }
}
