package chat.endpoint;

import chat.core.connection.FrameTransport;
import jakarta.websocket.Session;

/**
 * How the endpoint writes to a session. {@link #PORTABLE} (the default) goes through the Jakarta
 * WebSocket API and works in every container; a deployment that knows its container may supply a
 * faster way, such as writing each frame's bytes, framed once for all recipients, straight to the
 * socket, and reading the session's frames before the container does. Called once per session, from
 * {@code onOpen}, after the session's message handlers are registered.
 */
@FunctionalInterface
public interface Transports {
    Transports PORTABLE = SessionTransport::new;

    FrameTransport of(Session session);

    /**
     * The transport for {@code session}, whose messages the endpoint takes in {@code input}
     * (its registered message handlers call the same): a transport that reads the session's
     * socket itself may hand it the messages it reads there, one at a time and in their order
     * with those the container delivers. By default the container delivers every message.
     */
    default FrameTransport of(Session session, SessionInput input) {
        return of(session);
    }
}
