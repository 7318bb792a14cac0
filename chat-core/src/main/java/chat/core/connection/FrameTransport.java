package chat.core.connection;

import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;

import java.util.function.Consumer;

/** The socket side of a {@link BufferedConnection}: what the container offers for one session. */
public interface FrameTransport {

    /**
     * Starts writing one frame. {@code done} is called exactly once, with null on success or the
     * failure, possibly before this method returns.
     */
    void send(EncodedFrame frame, Consumer<Throwable> done);

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
