package chat.runner;

import org.glassfish.grizzly.http.HttpHeader;

/**
 * Which HTTP messages belong to WebSocket connections, decided as Tyrus decides it: those whose
 * {@code Upgrade} header is {@code websocket}. Grizzly's {@code isUpgrade()} is true for any
 * {@code Upgrade} header, also for the {@code h2c} offer that clients such as {@code curl --http2}
 * and {@code java.net.http} add to plain HTTP requests; treating those as WebSocket traffic would
 * scan their bodies as frames and count them as open WebSocket connections.
 */
final class WebSocketUpgrade {
    private static final String WEBSOCKET = "websocket";

    private WebSocketUpgrade() {
    }

    /** True for a WebSocket handshake request, and for the content of an upgraded connection. */
    static boolean requested(HttpHeader header) {
        return WEBSOCKET.equalsIgnoreCase(header.getUpgrade());
    }
}
