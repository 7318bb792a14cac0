package chat.runner.attack;

import java.util.function.UnaryOperator;

/** A handshake the server must refuse, and the status it must refuse it with. */
enum RefusedHandshake {
    POST_WITH_UPGRADE_HEADERS(405, r -> r.method("POST")),
    MISSING_SEC_WEBSOCKET_KEY(400, r -> r.without("Sec-WebSocket-Key")),
    SEC_WEBSOCKET_VERSION_12(426, r -> r.header("Sec-WebSocket-Version", "12")),
    FOREIGN_ORIGIN(403, r -> r.header("Origin", "http://evil.example"));

    private final int status;
    private final UnaryOperator<HandshakeRequest> bend;

    RefusedHandshake(int status, UnaryOperator<HandshakeRequest> bend) {
        this.status = status;
        this.bend = bend;
    }

    /** The HTTP status the server must answer with. */
    int status() {
        return status;
    }

    /** The valid {@code request}, bent into this kind. */
    HandshakeRequest bend(HandshakeRequest request) {
        return bend.apply(request);
    }
}
