package chat.core.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class WebSocketTextFrameTest {

    @Test
    void payloadsUpTo125BytesTakeTheTwoByteHeader() {
        assertFrame(0, new byte[] {(byte) 0x81, 0});
        assertFrame(125, new byte[] {(byte) 0x81, 125});
    }

    @Test
    void payloadsUpTo65535BytesTakeA16BitLength() {
        assertFrame(126, new byte[] {(byte) 0x81, 126, 0, 126});
        assertFrame(65_535, new byte[] {(byte) 0x81, 126, (byte) 0xFF, (byte) 0xFF});
    }

    @Test
    void longerPayloadsTakeA64BitLength() {
        assertFrame(65_536, new byte[] {(byte) 0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0});
        assertFrame(131_073, new byte[] {(byte) 0x81, 127, 0, 0, 0, 0, 0, 2, 0, 1});
    }

    @Test
    void anEncodedFrameFramesItsTextInUtf8OnceForAllCallers() {
        String json = "{\"message\":\"é€😀\"}";
        EncodedFrame frame = new EncodedFrame(new ShutdownNotice("x"), json);
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        byte[] wire = frame.textFrame();
        assertEquals(utf8.length, frame.bytes());
        assertEquals(utf8.length, wire[1]);
        assertArrayEquals(utf8, Arrays.copyOfRange(wire, 2, wire.length));
        assertSame(wire, frame.textFrame(), "built again for a second recipient");
    }

    private static void assertFrame(int length, byte[] header) {
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 'a');
        byte[] frame = WebSocketTextFrame.of(payload);
        assertArrayEquals(header, Arrays.copyOf(frame, header.length), "header for " + length + " bytes");
        assertEquals(header.length + length, frame.length);
        assertArrayEquals(payload, Arrays.copyOfRange(frame, header.length, frame.length));
    }
}
