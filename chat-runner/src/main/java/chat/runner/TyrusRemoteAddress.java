package chat.runner;

import jakarta.websocket.Session;
import org.glassfish.tyrus.core.TyrusSession;

import java.util.Optional;

/** Tyrus knows a session's peer address; the portable endpoint asks through {@link chat.endpoint.RemoteAddress}. */
final class TyrusRemoteAddress {
    private TyrusRemoteAddress() {
    }

    static Optional<String> of(Session session) {
        return session instanceof TyrusSession tyrus ? Optional.ofNullable(tyrus.getRemoteAddr()) : Optional.empty();
    }
}
