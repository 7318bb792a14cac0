package chat.endpoint;

import chat.core.connection.FrameTransport;
import jakarta.websocket.Session;

/**
 * How the endpoint writes to a session. {@link #PORTABLE} (the default) goes through the Jakarta
 * WebSocket API and works in every container; a deployment that knows its container may supply a
 * faster way, such as writing each frame's bytes, framed once for all recipients, straight to the
 * socket. Called once per session, from {@code onOpen}.
 */
@FunctionalInterface
public interface Transports {
    Transports PORTABLE = SessionTransport::new;

    FrameTransport of(Session session);
}
