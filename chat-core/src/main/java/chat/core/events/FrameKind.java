package chat.core.events;

/**
 * What a client frame decoded to, as the metric {@code chat_frames_received_total{type}} counts it:
 * one of the client commands, or {@code INVALID} for a frame that did not decode. The constant's
 * name is the label.
 */
public enum FrameKind {
    ENTER, TALK, LEAVE, HISTORY, PING, INVALID
}
