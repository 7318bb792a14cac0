package chat.runner.attack;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket opening handshake request, valid by default, that a test bends: another method, a
 * header removed or changed, or cut short so it never ends. Immutable.
 *
 * <pre>{@code
 * socket.write(HandshakeRequest.to(port, "/ws/chat?userId=x").method("POST").bytes());
 * }</pre>
 */
final class HandshakeRequest {
    private final String method;
    private final String target;
    private final Map<String, String> headers; // insertion order is wire order; keys as written

    private HandshakeRequest(String method, String target, Map<String, String> headers) {
        this.method = method;
        this.target = target;
        this.headers = headers;
    }

    /** A valid handshake for {@code target} (path and query) on the loopback {@code port}. */
    static HandshakeRequest to(int port, String target) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "127.0.0.1:" + port);
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(nonce));
        headers.put("Sec-WebSocket-Version", "13");
        return new HandshakeRequest("GET", target, headers);
    }

    HandshakeRequest method(String newMethod) {
        return new HandshakeRequest(newMethod, target, headers);
    }

    /** This request with {@code name} set to {@code value} (added when absent). */
    HandshakeRequest header(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(k -> k.equalsIgnoreCase(name));
        copy.put(name, value);
        return new HandshakeRequest(method, target, copy);
    }

    HandshakeRequest without(String name) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
        return new HandshakeRequest(method, target, copy);
    }

    /** The whole request, ending with the blank line. */
    byte[] bytes() {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        if (!method.equals("GET") && !method.equals("HEAD")) {
            request.append("Content-Length: 0\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The request line and the Upgrade header, and never the rest: a handshake that does not end. */
    static byte[] unfinished(String target) {
        return ("GET " + target + " HTTP/1.1\r\nUpgrade: websocket\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
