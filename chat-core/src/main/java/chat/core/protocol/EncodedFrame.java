package chat.core.protocol;

import java.util.Objects;

/**
 * A server frame together with its JSON text, encoded once and shared by every recipient of one
 * delivery.
 *
 * @param bytes the text's length in UTF-8, what it costs a connection's outbound queue
 */
public record EncodedFrame(ServerFrame frame, String json, int bytes) {
    public EncodedFrame {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(json, "json");
    }

    /** Measures the UTF-8 length once, here, not once per recipient. */
    public EncodedFrame(ServerFrame frame, String json) {
        this(frame, json, utf8Length(json));
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
