package chat.endpoint;

import jakarta.websocket.Session;

import java.util.Optional;

/**
 * The peer's address of a session, where the container can tell it. The Jakarta WebSocket API has
 * no portable way to ask, so a deployment supplies one for its container; {@link #UNKNOWN} (the
 * default) turns the per-address connection limit off.
 */
@FunctionalInterface
public interface RemoteAddress {
    RemoteAddress UNKNOWN = session -> Optional.empty();

    Optional<String> of(Session session);
}
