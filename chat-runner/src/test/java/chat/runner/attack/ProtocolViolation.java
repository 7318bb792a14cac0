package chat.runner.attack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A frame, or frames, that break RFC 6455, and the close code the server must answer with. */
enum ProtocolViolation {
    FRAGMENTS_BEYOND_64_KIB(1009, fragments(5, 16 * 1024)),
    RESERVED_OPCODE_3(1002, ClientFrame.of(0x3, "{}".getBytes(StandardCharsets.UTF_8))),
    UNMASKED_FRAME(1002, ClientFrame.text("{\"type\":\"PING\"}").unmasked()),
    INVALID_UTF8_TEXT(1007, ClientFrame.textBytes(new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', '}'})),
    BINARY_FRAME(1003, ClientFrame.of(ClientFrame.BINARY, new byte[] {1, 2, 3})),
    // beyond the brief: what RFC 6455 (and the Autobahn test suite) expects to fail the connection
    PING_OVER_125_BYTES(1002, ClientFrame.ping(new byte[126])),
    FRAGMENTED_PING(1002, ClientFrame.ping(new byte[4]).notFinal()),
    RSV_BITS_WITHOUT_EXTENSION(1002, ClientFrame.text("{\"type\":\"PING\"}").withRsv(4)),
    CONTINUATION_WITHOUT_START(1002, ClientFrame.continuation("{}".getBytes(StandardCharsets.UTF_8))),
    TEXT_INSIDE_A_FRAGMENTED_MESSAGE(1002, ClientFrame.text("{\"type\":").notFinal(), ClientFrame.text("{\"type\":\"PING\"}")),
    CLOSE_WITH_ONE_BYTE_PAYLOAD(1002, ClientFrame.of(ClientFrame.CLOSE, new byte[] {3})),
    CLOSE_WITH_CODE_1005(1002, ClientFrame.close(1005, "")),
    CLOSE_REASON_NOT_UTF8(1007, ClientFrame.of(ClientFrame.CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xC3, 0x28}));

    private final int code;
    private final ClientFrame[] frames;

    ProtocolViolation(int code, ClientFrame... frames) {
        this.code = code;
        this.frames = frames;
    }

    /** A TALK split in {@code count} fragments of {@code size} bytes: count x size bytes in all. */
    private static ClientFrame[] fragments(int count, int size) {
        byte[] start = "{\"type\":\"TALK\",\"roomId\":\"r\",\"message\":\"".getBytes(StandardCharsets.UTF_8);
        ClientFrame[] frames = new ClientFrame[count];
        for (int i = 0; i < count; i++) {
            byte[] part = new byte[size];
            Arrays.fill(part, (byte) 'f');
            if (i == 0) {
                System.arraycopy(start, 0, part, 0, start.length);
            }
            ClientFrame frame = i == 0 ? ClientFrame.textBytes(part) : ClientFrame.continuation(part);
            frames[i] = i < count - 1 ? frame.notFinal() : frame;
        }
        return frames;
    }

    /** The close code the server must answer with. */
    int code() {
        return code;
    }

    /** The frames to send, in one write. */
    ClientFrame[] frames() {
        return frames.clone();
    }
}
