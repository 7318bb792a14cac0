package chat.core.events;

import chat.core.protocol.ClientCommand;
import chat.core.protocol.HistoryRequest;
import chat.core.protocol.Inbound;

/**
 * What a client frame decoded to, as the metric {@code chat_frames_received_total{type}} counts it:
 * one of the client commands, or {@code INVALID} for a frame that did not decode. The constant's
 * name is the label.
 */
public enum FrameKind {
    ENTER, TALK, LEAVE, HISTORY, PING, INVALID;

    /** The kind of a decoded client frame. */
    public static FrameKind of(Inbound frame) {
        if (frame instanceof HistoryRequest) {
            return HISTORY;
        }
        if (!(frame instanceof ClientCommand command)) {
            return INVALID;
        }
        return switch (command.type()) {
            case ENTER -> ENTER;
            case TALK -> TALK;
            case LEAVE -> LEAVE;
            case PING -> PING;
            default -> throw new IllegalStateException("not a client command: " + command.type());
        };
    }
}
