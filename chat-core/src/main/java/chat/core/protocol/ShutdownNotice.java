package chat.core.protocol;

import java.util.Objects;

/** Sent to every client when the server shuts down, just before the connection is closed with 1012. */
public record ShutdownNotice(String message) implements ServerFrame {
    public static final String DEFAULT_MESSAGE = "server is restarting, please reconnect";

    public ShutdownNotice {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public MessageType type() {
        return MessageType.SHUTDOWN;
    }
}
