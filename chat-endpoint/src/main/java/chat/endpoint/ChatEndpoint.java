package chat.endpoint;

import chat.core.hub.Admission;
import chat.core.hub.ChatHub;
import chat.core.protocol.CloseCode;
import chat.core.connection.Connection;
import chat.core.protocol.Inbound;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat WebSocket endpoint, {@code /ws/chat?userId=ID}. It only translates between the container
 * and the {@link ChatHub}: one instance serves every session (see {@link ChatEndpointConfigurator}),
 * and the per-session state lives in the session's user properties.
 */
@ServerEndpoint(value = ChatEndpoint.PATH,
        decoders = InboundDecoder.class,
        encoders = EncodedFrameEncoder.class,
        configurator = ChatEndpointConfigurator.class)
public final class ChatEndpoint {
    public static final String PATH = "/ws/chat";
    /** Text frames larger than this close the connection with 1009. */
    public static final int MAX_FRAME_BYTES = 65_536;

    private static final String CONNECTION = Connection.class.getName();

    private final ChatHub hub;
    private final Identity identity;
    private final RemoteAddress remoteAddress;
    private final AtomicLong connectionIds = new AtomicLong();

    /** Identifies connections by their {@code userId} query parameter. */
    public ChatEndpoint(ChatHub hub) {
        this(hub, new QueryUserId());
    }

    public ChatEndpoint(ChatHub hub, Identity identity) {
        this(hub, identity, RemoteAddress.UNKNOWN);
    }

    public ChatEndpoint(ChatHub hub, Identity identity, RemoteAddress remoteAddress) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
    }

    @OnOpen
    public void open(Session session) {
        Identity.Result who = identity.resolve(session.getRequestParameterMap());
        if (who instanceof Identity.Refused refused) {
            hub.events().handshakeRefused(refused.label());
            SessionTransport.closeQuietly(session, CloseCode.POLICY_VIOLATION, refused.reason());
            return;
        }
        String userId = ((Identity.User) who).userId();
        // "Never time out". Negative rather than 0: Tyrus schedules an idle-timeout task on every
        // message sent or received unless the timeout is negative (0 re-arms a 0 ms task each time).
        session.setMaxIdleTimeout(-1);
        String id = "c" + connectionIds.incrementAndGet();
        Connection connection = hub.newConnection(id, userId, new SessionTransport(session));
        session.getUserProperties().put(CONNECTION, connection); // before admitting: a close may follow at once
        Admission admission = hub.admit(connection, remoteAddress.of(session).orElse(null));
        if (admission != Admission.ACCEPTED) {
            session.getUserProperties().remove(CONNECTION);
            refuse(session, admission);
        }
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void text(Session session, Inbound frame) {
        Connection connection = connection(session);
        if (connection != null) {
            hub.onFrame(connection, frame);
        }
    }

    @OnMessage
    public void binary(Session session, ByteBuffer ignored) {
        SessionTransport.closeQuietly(session, CloseCode.CANNOT_ACCEPT,
                "binary frames are not supported, send JSON text frames");
    }

    @OnMessage
    public void pong(Session session, PongMessage pong) {
        Connection connection = connection(session);
        if (connection != null) {
            hub.onPong(connection);
        }
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        Connection connection = connection(session);
        if (connection != null) {
            hub.onClose(connection);
            hub.events().connectionClosed(reason.getCloseCode().getCode());
        }
    }

    @OnError
    public void failed(Session session, Throwable error) {
        // Transport errors are followed by @OnClose, where the hub forgets the connection; an error
        // the container raised for a bad frame (too big) closes it with its own code.
    }

    private void refuse(Session session, Admission admission) {
        hub.events().handshakeRefused(admission.refusal());
        switch (admission) {
            case SHUTTING_DOWN -> SessionTransport.closeQuietly(session, CloseCode.SERVICE_RESTART, "server is shutting down");
            case SERVER_FULL -> SessionTransport.closeQuietly(session, CloseCode.TRY_AGAIN_LATER, "try again later: server is full");
            case TOO_MANY_FOR_ADDRESS -> SessionTransport.closeQuietly(session, CloseCode.POLICY_VIOLATION,
                    "too many connections from this address (at most " + hub.limits().maxConnectionsPerAddress() + ")");
            case TOO_MANY_FOR_USER -> SessionTransport.closeQuietly(session, CloseCode.POLICY_VIOLATION,
                    "too many connections for this userId (at most " + hub.limits().maxConnectionsPerUser() + ")");
            case ACCEPTED -> throw new IllegalStateException("not a refusal: " + admission);
        }
    }

    private static Connection connection(Session session) {
        return (Connection) session.getUserProperties().get(CONNECTION);
    }
}
