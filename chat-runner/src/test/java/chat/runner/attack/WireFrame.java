package chat.runner.attack;

import java.nio.charset.CharacterCodingException;
import java.util.Arrays;

/**
 * One frame the server sent, as read from the socket's bytes. Text and close reasons are decoded
 * only through {@link StrictUtf8}: a frame that is not valid UTF-8 throws, never turns into
 * replacement characters.
 *
 * @param masked whether the server masked it (RFC 6455 forbids that; kept so a test can say so)
 */
record WireFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
    static final int NO_STATUS = 1005;

    boolean isText() {
        return opcode == ClientFrame.TEXT;
    }

    boolean isClose() {
        return opcode == ClientFrame.CLOSE;
    }

    boolean isPing() {
        return opcode == ClientFrame.PING;
    }

    /** The payload as text; throws when it is not valid UTF-8. */
    String text() throws CharacterCodingException {
        return StrictUtf8.decode(payload);
    }

    /** A close frame's status code; 1005 when it carries none. */
    int closeCode() {
        return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : NO_STATUS;
    }

    /** A close frame's reason; throws when it is not valid UTF-8. */
    String closeReason() throws CharacterCodingException {
        return payload.length > 2 ? StrictUtf8.decode(Arrays.copyOfRange(payload, 2, payload.length)) : "";
    }

    @Override
    public String toString() {
        return "WireFrame[opcode=0x" + Integer.toHexString(opcode) + (fin ? "" : ", not final")
                + (masked ? ", masked" : "") + ", " + payload.length + " bytes]";
    }
}
