package chat.runner;

import chat.core.connection.FrameTransport;
import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;
import chat.endpoint.SessionInput;
import chat.endpoint.SessionTransport;
import chat.endpoint.Transports;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.tyrus.core.TyrusRemoteEndpoint;
import org.glassfish.tyrus.core.TyrusSession;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Writes each frame's bytes, framed once per message for all its recipients
 * ({@link EncodedFrame#textFrame()}), straight to the Grizzly connection the session was upgraded
 * on. Through Tyrus every recipient's copy would be encoded to UTF-8 and framed again: most of the
 * CPU and of the garbage a delivery costs. Frames that queued behind a write go out joined in one
 * write ({@link #sendAll}). The bytes pass the same filters as Tyrus' own writes
 * (the write queue bound, the close deadline) on their way to the socket.
 *
 * <p>Given the endpoint's {@link SessionInput}, it also lets a {@link DirectFrameReader} take the
 * session's plain inbound frames before Tyrus does.
 *
 * <p>Pings and closes still go through Tyrus, so Tyrus keeps the close handshake. The hub
 * has one write in flight per connection and closes only once it completed, so a data frame never
 * follows the close frame the hub asked for.
 */
final class DirectFrameTransport implements FrameTransport {
    private static final int FRAMES_PER_WRITE = 64;

    private final Session session;
    private final Connection<?> connection;
    private final FrameTransport portable;
    private final LongAdder joinedWrites;

    private DirectFrameTransport(Session session, Connection<?> connection, LongAdder joinedWrites) {
        this.session = session;
        this.connection = connection;
        this.joinedWrites = joinedWrites;
        this.portable = new SessionTransport(session);
    }

    /**
     * Direct transports for the sessions whose Grizzly connection {@link UpgradeHandOff} can name,
     * the portable one for the others; {@code direct} counts the former, {@code joinedWrites} the
     * writes that carried several frames, {@code readDirectly} the messages read past Tyrus.
     */
    static Transports transports(LongAdder direct, LongAdder joinedWrites, LongAdder readDirectly) {
        return new Transports() {
            @Override
            public FrameTransport of(Session session) {
                return of(session, null);
            }

            @Override
            public FrameTransport of(Session session, SessionInput input) {
                if (session instanceof TyrusSession tyrus && tyrus.getRemoteAddr() != null) {
                    Connection<?> connection = UpgradeHandOff.take(tyrus.getRemoteAddr()).orElse(null);
                    if (connection != null) {
                        direct.increment();
                        DirectFrameTransport transport = new DirectFrameTransport(session, connection, joinedWrites);
                        if (input != null) {
                            InboundFrameGuard.readDirectly(connection, new DirectFrameReader(session, input, transport, readDirectly));
                        }
                        return transport;
                    }
                }
                return new SessionTransport(session);
            }
        };
    }

    @Override
    public void send(EncodedFrame frame, Consumer<Throwable> done) {
        write(frame.textFrame(), done);
    }

    /** Frames that queued while a write was in flight go out in one socket write. */
    @Override
    public int maxFramesPerWrite() {
        return FRAMES_PER_WRITE;
    }

    @Override
    public void sendAll(List<EncodedFrame> frames, Consumer<Throwable> done) {
        int length = 0;
        for (EncodedFrame frame : frames) {
            length += frame.textFrame().length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (EncodedFrame frame : frames) {
            byte[] bytes = frame.textFrame();
            System.arraycopy(bytes, 0, joined, at, bytes.length);
            at += bytes.length;
        }
        joinedWrites.increment();
        write(joined, done);
    }

    @SuppressWarnings({"rawtypes", "unchecked"}) // Grizzly types the handler by the connection's address type
    private void write(byte[] wire, Consumer<Throwable> done) {
        if (!session.isOpen()) {
            done.accept(new IOException("the session is closed"));
            return;
        }
        ((Connection) connection).write(Buffers.wrap(connection.getMemoryManager(), wire), new Written(done));
    }

    @Override
    public void ping(Consumer<Throwable> done) {
        portable.ping(done);
    }

    /**
     * Closes through the session's socket rather than {@link Session#close}: Tyrus' session close
     * marks the session closed before it closes the socket, and when Grizzly closes the same
     * connection at that moment on another thread (the frame guard's close, a reset peer) Tyrus'
     * close of the socket finds the session closed under its feet and throws out of the filter
     * chain, logged with a stack trace. The socket's close is the one Grizzly's close uses: only one
     * of the two goes on to send the close frame and mark the session closed.
     */
    @Override
    public void close(CloseCode code, String reason) {
        try {
            if (session.getBasicRemote() instanceof TyrusRemoteEndpoint socket) {
                socket.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code.code()), reason));
                return;
            }
        } catch (IllegalStateException alreadyClosed) {
            return; // the container reports the close through @OnClose
        }
        portable.close(code, reason);
    }

    /** Tells the connection's writer once how the write ended. */
    private record Written(Consumer<Throwable> done) implements CompletionHandler<WriteResult> {
        @Override
        public void completed(WriteResult result) {
            done.accept(null);
        }

        @Override
        public void failed(Throwable failure) {
            done.accept(failure);
        }

        @Override
        public void cancelled() {
            done.accept(new CancellationException("write cancelled"));
        }

        @Override
        public void updated(WriteResult result) {
        }
    }
}
