package chat.core.protocol;

import java.util.Objects;

/** A client frame that was rejected while decoding; the hub answers it with an {@link ErrorFrame}. */
public record InvalidFrame(ErrorCode code, String reason, String roomId) implements Inbound {

    public InvalidFrame {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    public ErrorFrame toErrorFrame() {
        return new ErrorFrame(code, reason, roomId);
    }
}
