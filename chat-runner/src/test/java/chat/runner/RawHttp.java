package chat.runner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request written by hand on a plain socket, for requests a client library will not send
 * (a POST that asks for a WebSocket, a handshake without its key), and the answer read until the
 * server closes the socket.
 */
final class RawHttp {
    private RawHttp() {
    }

    /**
     * What came back: the status code, headers (names in lower case), body, and whether the server
     * closed the socket after it within the read timeout.
     */
    record Answer(int status, Map<String, String> headers, String body, boolean closedByServer) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A request that asks for {@code Upgrade: websocket}, with {@code headers} (each ending in CRLF) added. */
    static String handshake(String method, String path, String headers) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n" + headers + "\r\n";
    }

    static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    static final String VERSION_13 = "Sec-WebSocket-Version: 13\r\n";
    static final String CONNECTION_UPGRADE = "Connection: Upgrade\r\n";

    /** Opens a socket to {@code port}; reads on it give up after {@code readTimeoutMillis}. */
    static Socket open(int port, int readTimeoutMillis) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(readTimeoutMillis);
        return socket;
    }

    /** Writes {@code request} on {@code socket} and reads the answer until the server closes it or the read timeout passes. */
    static Answer exchange(Socket socket, String request) throws IOException {
        send(socket, request);
        return answer(socket);
    }

    static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads everything until the server closes the socket, or until the read timeout passes. */
    static Answer answer(Socket socket) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean closed;
        try {
            socket.getInputStream().transferTo(received);
            closed = true;
        } catch (SocketTimeoutException stillOpen) {
            closed = false;
        }
        return parse(received.toString(StandardCharsets.ISO_8859_1), closed);
    }

    private static Answer parse(String text, boolean closed) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete HTTP answer" + (closed ? "" : " while the socket stayed open") + ": " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Answer(status, headers, text.substring(end + 4), closed);
    }
}
