package chat.runner;

import chat.core.connection.FrameTransport;
import chat.core.protocol.CloseCode;
import chat.endpoint.ChatEndpoint;
import chat.endpoint.SessionInput;
import jakarta.websocket.Session;
import org.glassfish.grizzly.Buffer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * Takes a read's leading whole text frames and pongs past Tyrus, straight to the endpoint's
 * {@link SessionInput}. Tyrus copies every read into a buffer of its own, builds a frame object
 * for each frame, decodes its text and looks up the session's handler; for a chat frame that was
 * about as much work as the chat's own rules on it. Here a text frame costs its unmasked copy and
 * its string.
 *
 * <p>Only the plain case is taken: a frame that is final, has no extension bits, is masked, text
 * of at most {@link ChatEndpoint#MAX_FRAME_BYTES} that is valid UTF-8, or a pong of at most 125
 * bytes, wholly inside the read, on an open session. At the first frame that is anything else
 * (a ping, a close, a fragment, binary, a frame cut by the read's end, invalid UTF-8) the rest of
 * the read goes to Tyrus, which answers it as it always did. {@link InboundFrameGuard} calls it
 * only for reads that start where Tyrus holds nothing of the connection, so that frames keep
 * their order and Tyrus' view of the stream stays whole. Not thread-safe: one connection's reads
 * are handled one at a time.
 */
final class DirectFrameReader {
    private static final System.Logger LOG = System.getLogger(DirectFrameReader.class.getName());
    private static final int FINAL_NO_EXTENSIONS = 0x80;
    private static final int TEXT = 0x1;
    private static final int PONG = 0xA;
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final ThreadLocal<CharsetDecoder> UTF_8 = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    private final Session session;
    private final SessionInput input;
    private final FrameTransport transport;
    private final LongAdder taken;

    /**
     * @param transport how to close the session when the endpoint fails on a message
     * @param taken     counts the messages taken past Tyrus
     */
    DirectFrameReader(Session session, SessionInput input, FrameTransport transport, LongAdder taken) {
        this.session = session;
        this.input = input;
        this.transport = transport;
        this.taken = taken;
    }

    /**
     * Hands the leading frames of {@code buffer}'s readable bytes that it may take to the session's
     * input, in order, and returns where the rest starts: {@code buffer.limit()} when it took them all.
     * The buffer's position is left alone.
     */
    int take(Buffer buffer) {
        int start = buffer.position();
        if (!buffer.hasArray()) {
            return start;
        }
        byte[] bytes = buffer.array();
        int offset = buffer.arrayOffset();
        int at = start;
        int end = buffer.limit();
        while (end - at >= 2 && session.isOpen()) {
            int first = bytes[offset + at] & 0xFF;
            byte second = bytes[offset + at + 1];
            int opcode = first & 0x0F;
            if ((first & 0xF0) != FINAL_NO_EXTENSIONS || (opcode != TEXT && opcode != PONG) || second >= 0) {
                break; // a control frame Tyrus answers, a fragment, extension bits, binary, or unmasked
            }
            int headerLength = InboundFrames.headerLength(second);
            if (end - at < headerLength) {
                break;
            }
            long payload = InboundFrames.payloadLength(bytes, offset + at);
            if (payload > end - at - headerLength
                    || payload > (opcode == TEXT ? ChatEndpoint.MAX_FRAME_BYTES : MAX_CONTROL_PAYLOAD)) {
                break;
            }
            int payloadAt = offset + at + headerLength;
            if (opcode == TEXT) {
                String text = text(bytes, payloadAt - 4, payloadAt, (int) payload);
                if (text == null) {
                    break; // Tyrus closes it with 1007
                }
                deliver(text);
            } else {
                deliver(null);
            }
            at += headerLength + (int) payload;
        }
        return at;
    }

    /**
     * Hands one message to the endpoint, {@code text} or, when it is null, a pong; a failure there
     * closes this session alone with 1011.
     */
    private void deliver(String text) {
        taken.increment();
        try {
            if (text != null) {
                input.text(text);
            } else {
                input.pong();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "the chat endpoint failed on a message; closing its connection", e);
            transport.close(CloseCode.UNEXPECTED_CONDITION, "internal error");
        }
    }

    /** The unmasked payload as text, or null when it is not valid UTF-8. */
    private static String text(byte[] bytes, int maskAt, int payloadAt, int length) {
        byte[] plain = new byte[length];
        int negative = 0;
        for (int k = 0; k < length; k++) {
            byte b = (byte) (bytes[payloadAt + k] ^ bytes[maskAt + (k & 3)]);
            plain[k] = b;
            negative |= b;
        }
        if (negative >= 0) { // ASCII: every byte is its own character
            return new String(plain, StandardCharsets.ISO_8859_1);
        }
        try {
            return UTF_8.get().reset().decode(ByteBuffer.wrap(plain)).toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }
}
