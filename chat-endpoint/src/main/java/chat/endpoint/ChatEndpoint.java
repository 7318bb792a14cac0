package chat.endpoint;

import chat.core.connection.Connection;
import chat.core.hub.Admission;
import chat.core.hub.ChatHub;
import chat.core.protocol.CloseCode;
import chat.core.protocol.ChatCodec;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat WebSocket endpoint, {@code /ws/chat?userId=ID}. It only translates between the container
 * and the {@link ChatHub}: one instance serves every session of a deployment (the configurator
 * {@link #config} gives the container supplies it), and the per-session state lives in the
 * session's user properties.
 *
 * <p>It is a programmatic endpoint, deployed with {@link #config}, because that is the one way to
 * hand it a hub that every Jakarta WebSocket container honours: a container deploys a
 * {@link ServerEndpointConfig} of an {@link Endpoint} subclass with the configurator it is given,
 * whereas for an annotated class Tyrus and Jetty create the annotation's configurator themselves.
 *
 * <pre>{@code
 * serverContainer.addEndpoint(ChatEndpoint.config(EndpointCollaborators.of(hub)));
 * }</pre>
 *
 * <p>Thread-safe: the container calls it for many sessions at once.
 */
public final class ChatEndpoint extends Endpoint {
    public static final String PATH = "/ws/chat";
    /** Text frames larger than this close the connection with 1009. */
    public static final int MAX_FRAME_BYTES = 65_536;

    private static final String CONNECTION = Connection.class.getName();
    /**
     * Decodes text frames here rather than through a container's {@code Decoder}: Tyrus looks up
     * and orders a session's decoders for every message, a quarter of its work per frame.
     */
    private static final ChatCodec CODEC = new ChatCodec();

    private final ChatHub hub;
    private final Identity identity;
    private final RemoteAddress remoteAddress;
    private final Transports transports;
    private final AtomicLong connectionIds = new AtomicLong();

    ChatEndpoint(ChatHub hub, Identity identity, RemoteAddress remoteAddress, Transports transports) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
        this.transports = Objects.requireNonNull(transports, "transports");
    }

    /**
     * The chat endpoint at {@link #PATH} with the chat's encoder, one instance of it
     * working with {@code collaborators} for every session: what to hand
     * {@code ServerContainer.addEndpoint}.
     */
    public static ServerEndpointConfig config(EndpointCollaborators collaborators) {
        return ServerEndpointConfig.Builder.create(ChatEndpoint.class, PATH)
                .configurator(new ChatEndpointConfigurator(collaborators))
                .encoders(List.of(EncodedFrameEncoder.class))
                .build();
    }

    /**
     * Registers the session's handlers, then admits it or closes it with the reason: the identity's
     * refusal (1008), shutting down (1012), server full (1013), too many for the address or the
     * user (1008).
     */
    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxTextMessageBufferSize(MAX_FRAME_BYTES);
        SessionInput input = new SessionInput() {
            @Override
            public void text(String text) {
                ChatEndpoint.this.text(session, text);
            }

            @Override
            public void pong() {
                ChatEndpoint.this.pong(session);
            }
        };
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) input::text);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> binary(session));
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> input.pong());
        open(session, input);
    }

    /** Tells the hub the connection is gone and counts its close code. */
    @Override
    public void onClose(Session session, CloseReason reason) {
        Connection connection = connection(session);
        if (connection != null) {
            hub.onClose(connection);
            hub.events().connectionClosed(reason.getCloseCode().getCode());
        }
    }

    /**
     * Nothing to do: transport errors are followed by {@link #onClose}, where the hub forgets the
     * connection; an error the container raised for a bad frame (too big) closes it with its own code.
     */
    @Override
    public void onError(Session session, Throwable error) {
    }

    private void open(Session session, SessionInput input) {
        Identity.Result who = identity.resolve(session.getRequestParameterMap());
        if (who instanceof Identity.Refused refused) {
            hub.events().handshakeRefused(refused.label());
            SessionTransport.closeQuietly(session, CloseCode.POLICY_VIOLATION, refused.reason());
            return;
        }
        Identity.User user = (Identity.User) who;
        String userId = user.userId();
        // "Never time out". Negative rather than 0: Tyrus schedules an idle-timeout task on every
        // message sent or received unless the timeout is negative (0 re-arms a 0 ms task each time).
        session.setMaxIdleTimeout(-1);
        String id = "c" + connectionIds.incrementAndGet();
        Connection connection = hub.newConnection(id, userId, transports.of(session, input));
        session.getUserProperties().put(CONNECTION, connection); // before admitting: a close may follow at once
        Admission admission = hub.admit(connection, remoteAddress.of(session).orElse(null), user.grants());
        if (admission != Admission.ACCEPTED) {
            session.getUserProperties().remove(CONNECTION);
            refuse(session, admission);
        }
    }

    /** Never fails on a bad frame: it decodes to an {@link chat.core.protocol.InvalidFrame} the hub answers. */
    private void text(Session session, String text) {
        Connection connection = connection(session);
        if (connection != null) {
            hub.onFrame(connection, CODEC.decodeClient(text));
        }
    }

    private static void binary(Session session) {
        SessionTransport.closeQuietly(session, CloseCode.CANNOT_ACCEPT,
                "binary frames are not supported, send JSON text frames");
    }

    private void pong(Session session) {
        Connection connection = connection(session);
        if (connection != null) {
            hub.onPong(connection);
        }
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
