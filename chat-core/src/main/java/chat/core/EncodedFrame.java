package chat.core;

import java.util.Objects;

/**
 * A server frame together with its JSON text, encoded once and shared by every recipient of one
 * delivery.
 */
public record EncodedFrame(ServerFrame frame, String json) {
    public EncodedFrame {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(json, "json");
    }
}
