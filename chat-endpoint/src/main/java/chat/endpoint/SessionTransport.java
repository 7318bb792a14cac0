package chat.endpoint;

import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;
import chat.core.connection.FrameTransport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/** A {@link FrameTransport} over one WebSocket session's asynchronous remote: the portable one. */
public final class SessionTransport implements FrameTransport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;

    public SessionTransport(Session session) {
        this.session = session;
    }

    @Override
    public void send(EncodedFrame frame, Consumer<Throwable> done) {
        session.getAsyncRemote().sendObject(frame, result -> done.accept(result.isOK() ? null : result.getException()));
    }

    @Override
    public void ping(Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendPing(EMPTY.duplicate());
            done.accept(null);
        } catch (IOException | RuntimeException e) {
            done.accept(e);
        }
    }

    @Override
    public void close(CloseCode code, String reason) {
        closeQuietly(session, code, reason);
    }

    static void closeQuietly(Session session, CloseCode code, String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
        } catch (IOException | IllegalStateException alreadyGone) {
            // the peer is gone; the container reports the close through @OnClose
        }
    }
}
