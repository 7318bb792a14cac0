package chat.runner.attack;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket frame as a client puts it on the wire, including what RFC 6455 forbids: any
 * opcode, RSV bits, no FIN, no mask, control frames with long payloads, close frames with any code
 * or a payload of any bytes. Immutable; {@link #encode()} gives the bytes.
 *
 * <pre>{@code
 * socket.send(ClientFrame.text("{\"type\":\"PING\"}").notFinal(), ClientFrame.continuation(rest));
 * }</pre>
 */
record ClientFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    ClientFrame {
        if (opcode < 0 || opcode > 0xF || rsv < 0 || rsv > 7) {
            throw new IllegalArgumentException("opcode 0-15 and rsv 0-7, were " + opcode + " and " + rsv);
        }
    }

    /** A final, masked frame with this opcode and payload. */
    static ClientFrame of(int opcode, byte[] payload) {
        return new ClientFrame(true, 0, opcode, true, payload);
    }

    /** A final, masked text frame with the UTF-8 of {@code text} (lone surrogates become '?'). */
    static ClientFrame text(String text) {
        return of(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A final, masked text frame with exactly these bytes, valid UTF-8 or not. */
    static ClientFrame textBytes(byte[] bytes) {
        return of(TEXT, bytes);
    }

    static ClientFrame continuation(byte[] bytes) {
        return of(CONTINUATION, bytes);
    }

    static ClientFrame ping(byte[] payload) {
        return of(PING, payload);
    }

    /** A close frame with {@code code} and a UTF-8 {@code reason}. */
    static ClientFrame close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return of(CLOSE, ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array());
    }

    /** This frame without its FIN bit: more fragments follow. */
    ClientFrame notFinal() {
        return new ClientFrame(false, rsv, opcode, masked, payload);
    }

    /** This frame unmasked, which a client must never send. */
    ClientFrame unmasked() {
        return new ClientFrame(fin, rsv, opcode, false, payload);
    }

    /** This frame with RSV bits set that no extension was negotiated for. */
    ClientFrame withRsv(int bits) {
        return new ClientFrame(fin, bits, opcode, masked, payload);
    }

    /** The frame's bytes, masked with a fresh random key when {@link #masked}. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        out.write((fin ? 0x80 : 0) | rsv << 4 | opcode);
        int maskBit = masked ? 0x80 : 0;
        long length = payload.length;
        if (length < 126) {
            out.write(maskBit | (int) length);
        } else if (length < 65_536) {
            out.write(maskBit | 126);
            out.write((int) (length >>> 8) & 0xFF);
            out.write((int) length & 0xFF);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift) & 0xFF);
            }
        }
        if (!masked) {
            out.write(payload, 0, payload.length);
            return out.toByteArray();
        }
        byte[] key = new byte[4];
        ThreadLocalRandom.current().nextBytes(key);
        out.write(key, 0, 4);
        byte[] body = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            body[i] = (byte) (payload[i] ^ key[i & 3]);
        }
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "ClientFrame[opcode=0x" + Integer.toHexString(opcode) + (fin ? "" : ", not final") + (rsv != 0 ? ", rsv=" + rsv : "")
                + (masked ? "" : ", unmasked") + ", " + payload.length + " bytes]";
    }
}
