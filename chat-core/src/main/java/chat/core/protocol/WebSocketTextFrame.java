package chat.core.protocol;

/**
 * Frames a UTF-8 payload as a server's WebSocket text frame (RFC 6455 section 5.2): FIN set, opcode
 * 1, no mask, the payload length in 7, 7+16 or 7+64 bits.
 */
final class WebSocketTextFrame {
    private static final byte FIN_TEXT = (byte) 0x81;
    private static final int SHORT_LENGTH = 126;
    private static final int LONG_LENGTH = 127;

    private WebSocketTextFrame() {
    }

    static byte[] of(byte[] payload) {
        int length = payload.length;
        int header = length < SHORT_LENGTH ? 2 : length <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + length];
        frame[0] = FIN_TEXT;
        if (header == 2) {
            frame[1] = (byte) length;
        } else if (header == 4) {
            frame[1] = SHORT_LENGTH;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        } else {
            frame[1] = LONG_LENGTH;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }
}
