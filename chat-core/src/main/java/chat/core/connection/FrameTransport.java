package chat.core.connection;

import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;

import java.util.List;
import java.util.function.Consumer;

/** The socket side of a {@link BufferedConnection}: what the container offers for one session. */
public interface FrameTransport {

    /**
     * Starts writing one frame. {@code done} is called exactly once, with null on success or the
     * failure, possibly before this method returns.
     */
    void send(EncodedFrame frame, Consumer<Throwable> done);

    /**
     * How many queued frames this transport takes in one write ({@link #sendAll}); the default, 1,
     * means one frame a write.
     */
    default int maxFramesPerWrite() {
        return 1;
    }

    /**
     * Starts writing {@code frames} (at most {@link #maxFramesPerWrite}, in this order) as one
     * write; {@code done} is called exactly once, as for {@link #send}. Only called on transports
     * that take more than one frame a write.
     */
    default void sendAll(List<EncodedFrame> frames, Consumer<Throwable> done) {
        throw new UnsupportedOperationException("one frame a write");
    }

    /**
     * Starts writing a WebSocket ping. {@code done} is called exactly once, like for {@link #send}.
     * The default has no pings and reports success.
     */
    default void ping(Consumer<Throwable> done) {
        done.accept(null);
    }

    /** Closes the socket with a close frame. */
    void close(CloseCode code, String reason);
}
