package chat.runner;

import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.MimeHeaders;

import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * What can be wrong with a WebSocket handshake request (RFC 6455, section 4.2.1) before Tyrus sees
 * it, and the HTTP answer each fault gets. Tyrus would answer a missing key with 500, accept a key
 * that is not 16 bytes, and upgrade a POST; these are answered precisely here instead.
 *
 * <p>Checked in this order, so a client of another protocol version learns the version this
 * server speaks even when its other headers follow that version's rules.
 */
enum HandshakeFault {
    /** Only GET may open a WebSocket. */
    METHOD_NOT_GET(405, "Method Not Allowed", "a WebSocket handshake must be a GET request", "Allow", "GET"),
    /** A WebSocket handshake is an HTTP/1.1 request at least. */
    OLD_HTTP(400, "Bad Request", "a WebSocket handshake must be an HTTP/1.1 request", null, null),
    /** The server speaks version 13 only; the answer says so. */
    UNSUPPORTED_VERSION(426, "Upgrade Required", "Sec-WebSocket-Version must be 13", "Sec-WebSocket-Version", "13"),
    /** Missing, repeated, or not the base64 encoding of 16 bytes. */
    BAD_KEY(400, "Bad Request", "Sec-WebSocket-Key must be the base64 encoding of 16 bytes", null, null),
    /** {@code Connection} does not name {@code Upgrade}. */
    NO_CONNECTION_UPGRADE(400, "Bad Request", "the Connection header must include Upgrade", null, null);

    private static final String VERSION_HEADER = "Sec-WebSocket-Version";
    private static final String VERSION = "13";
    private static final String KEY_HEADER = "Sec-WebSocket-Key";
    private static final int KEY_BYTES = 16;

    final int status;
    final String reasonPhrase;
    /** The answer's plain-text body, one line. */
    final String explanation;
    /** A header the answer must carry, or null. */
    final String headerName;
    final String headerValue;

    HandshakeFault(int status, String reasonPhrase, String explanation, String headerName, String headerValue) {
        this.status = status;
        this.reasonPhrase = reasonPhrase;
        this.explanation = explanation;
        this.headerName = headerName;
        this.headerValue = headerValue;
    }

    /** The first fault of a request that asks for {@code Upgrade: websocket}, or empty when it may go on to Tyrus. */
    static Optional<HandshakeFault> of(HttpRequestPacket request) {
        if (!Method.GET.equals(request.getMethod())) {
            return Optional.of(METHOD_NOT_GET);
        }
        if (request.getProtocol() == Protocol.HTTP_0_9 || request.getProtocol() == Protocol.HTTP_1_0) {
            return Optional.of(OLD_HTTP);
        }
        MimeHeaders headers = request.getHeaders();
        String version = single(headers, VERSION_HEADER);
        if (version == null || !version.trim().equals(VERSION)) {
            return Optional.of(UNSUPPORTED_VERSION);
        }
        if (!isKey(single(headers, KEY_HEADER))) {
            return Optional.of(BAD_KEY);
        }
        if (!namesUpgrade(headers)) {
            return Optional.of(NO_CONNECTION_UPGRADE);
        }
        return Optional.empty();
    }

    /** The header's value when it occurs exactly once, else null. */
    private static String single(MimeHeaders headers, String name) {
        String found = null;
        for (String value : headers.values(name)) {
            if (found != null) {
                return null;
            }
            found = value;
        }
        return found;
    }

    private static boolean isKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** {@code Connection} is a comma-separated list of tokens; browsers send {@code keep-alive, Upgrade}. */
    private static boolean namesUpgrade(MimeHeaders headers) {
        for (String value : headers.values("Connection")) {
            for (String token : value.split(",")) {
                if (token.trim().toLowerCase(Locale.ROOT).equals("upgrade")) {
                    return true;
                }
            }
        }
        return false;
    }
}
