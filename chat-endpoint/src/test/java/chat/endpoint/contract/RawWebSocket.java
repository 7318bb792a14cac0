package chat.endpoint.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hand-made WebSocket client on a plain socket, for what a well-behaved client library will not
 * do: vanish with a TCP reset, send an oversized frame, flood pings, or stop reading.
 */
public final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    public static RawWebSocket connect(int port, String pathAndQuery) throws IOException {
        return connect(port, pathAndQuery, 0);
    }

    /** Connects to the loopback port of {@code endpoint} (a {@code ws://} URI), its path with {@code query} appended. */
    public static RawWebSocket connect(URI endpoint, String query) throws IOException {
        return connect(endpoint.getPort(), endpoint.getRawPath() + query);
    }

    /** With {@code receiveBuffer} > 0, a small socket receive buffer, for a client that stops reading. */
    public static RawWebSocket connect(int port, String pathAndQuery, int receiveBuffer) throws IOException {
        return connect(port, pathAndQuery, receiveBuffer, new byte[0]);
    }

    /**
     * Sends {@code afterRequest} in the same write as the handshake request, before its answer: what a
     * client that does not wait for the 101 puts on the wire.
     */
    public static RawWebSocket connectSending(int port, String pathAndQuery, byte[] afterRequest) throws IOException {
        return connect(port, pathAndQuery, 0, afterRequest);
    }

    private static RawWebSocket connect(int port, String pathAndQuery, int receiveBuffer, byte[] afterRequest)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        byte[] head = request.getBytes(StandardCharsets.US_ASCII);
        byte[] wire = Arrays.copyOf(head, head.length + afterRequest.length);
        System.arraycopy(afterRequest, 0, wire, head.length, afterRequest.length);
        socket.getOutputStream().write(wire);
        String status = readHeaders(socket.getInputStream());
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + status);
        }
        return new RawWebSocket(socket);
    }

    /** The client's own port, which the server sees as the connection's remote port. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Sends one masked text frame. */
    public void sendText(String text) throws IOException {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendFrame(int opcode, byte[] payload) throws IOException {
        sendBytes(maskedFrame(true, opcode, payload));
    }

    /** Sends {@code wire} as it is, in one write: frames, parts of frames, anything. */
    public void sendBytes(byte[] wire) throws IOException {
        out.write(wire);
        out.flush();
    }

    /** A masked client frame's bytes, final or not. */
    public static byte[] maskedFrame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        return frame.toByteArray();
    }

    /** Sends only the header of a masked frame that announces {@code length} payload bytes. */
    public void sendFrameHeader(int opcode, long length) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(14);
        frame.write(0x80 | opcode);
        frame.write(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) {
            frame.write((int) (length >>> shift));
        }
        frame.write(new byte[4]);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Sends one masked ping frame (a payload of at most 125 bytes). */
    public void sendPing(byte[] payload) throws IOException {
        sendFrame(0x9, payload);
    }

    /** Sends {@code count} masked pings of {@code payloadBytes} each (at most 125), in one write. */
    public void sendPings(int count, int payloadBytes) throws IOException {
        int frameBytes = 2 + 4 + payloadBytes;
        byte[] frames = new byte[count * frameBytes];
        for (int i = 0; i < count; i++) {
            int at = i * frameBytes;
            frames[at] = (byte) 0x89;
            frames[at + 1] = (byte) (0x80 | payloadBytes);
            // a zero mask and a zero payload: the payload on the wire is zeros too
        }
        out.write(frames);
        out.flush();
    }

    /** A frame the server sent: its opcode and unmasked payload. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** A close frame's status code (1005 when it has none) and reason; code -1 when the socket ended without one. */
    public record Close(int code, String reason) {
    }

    /** Reads the next frame the server sent, or null when the socket ends first. */
    public Frame readFrame() throws IOException {
        InputStream in = socket.getInputStream();
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            return null;
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int k = 0; k < 8; k++) {
                length = (length << 8) | in.read();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            return null;
        }
        return new Frame(b0 & 0x0F, payload);
    }

    /** Reads server frames until a close frame and returns it ({@code -1}, "" if the socket ends first). */
    public Close readClose() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame == null) {
                return new Close(-1, "");
            }
            if (frame.opcode() == 0x8) {
                byte[] p = frame.payload();
                return p.length >= 2
                        ? new Close(((p[0] & 0xFF) << 8) | (p[1] & 0xFF), new String(p, 2, p.length - 2, StandardCharsets.UTF_8))
                        : new Close(1005, "");
            }
        }
    }

    /** Reads server frames until a close frame and returns its status code (-1 if the socket ends first). */
    public int readCloseCode() throws IOException {
        return readClose().code();
    }

    /** Drops the connection with a TCP reset: no close frame, no FIN. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            headers.append((char) b);
            if (headers.length() >= 4 && headers.substring(headers.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return headers.toString();
    }
}
