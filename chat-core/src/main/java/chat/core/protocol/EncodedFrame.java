package chat.core.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A server frame together with its JSON text, encoded once and shared by every recipient of one
 * delivery. A container that can write bytes to a socket itself takes {@link #textFrame()}, the
 * whole WebSocket frame, also built once for all recipients; the others take {@link #json()}.
 * Immutable and thread-safe.
 */
public final class EncodedFrame {
    private final ServerFrame frame;
    private final String json;
    private final int bytes;
    private volatile byte[] textFrame; // built on first use, then shared

    /**
     * @param bytes the text's length in UTF-8, what it costs a connection's outbound queue
     */
    public EncodedFrame(ServerFrame frame, String json, int bytes) {
        this.frame = Objects.requireNonNull(frame, "frame");
        this.json = Objects.requireNonNull(json, "json");
        this.bytes = bytes;
    }

    /** Measures the UTF-8 length once, here, not once per recipient. */
    public EncodedFrame(ServerFrame frame, String json) {
        this(frame, json, utf8Length(json));
    }

    public ServerFrame frame() {
        return frame;
    }

    public String json() {
        return json;
    }

    /** The text's length in UTF-8. */
    public int bytes() {
        return bytes;
    }

    /**
     * The text as one unmasked, final WebSocket text frame (RFC 6455 section 5.2: what a server
     * writes), built on the first call and returned by every later one. The array is shared by all
     * callers: write it, never change it.
     */
    public byte[] textFrame() {
        byte[] built = textFrame;
        if (built == null) {
            built = WebSocketTextFrame.of(json.getBytes(StandardCharsets.UTF_8));
            textFrame = built; // a race builds the same bytes twice, harmlessly
        }
        return built;
    }

    /** Equal when frame, text and length are: as a record would be (the wire bytes follow from them). */
    @Override
    public boolean equals(Object other) {
        return other instanceof EncodedFrame that && bytes == that.bytes && frame.equals(that.frame)
                && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(frame, json, bytes);
    }

    @Override
    public String toString() {
        return "EncodedFrame[" + json + "]";
    }

    private static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
