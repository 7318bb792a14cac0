package chat.core.protocol;

import java.util.Objects;

/**
 * Tells one client that its frame was rejected and why.
 *
 * @param roomId the room the rejected frame was about, or null when none applies
 */
public record ErrorFrame(ErrorCode code, String message, String roomId) implements ServerFrame {

    public ErrorFrame {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }
}
