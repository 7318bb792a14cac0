package chat.core.protocol;

import java.util.Objects;

/**
 * Room traffic: an ENTER, TALK or LEAVE accepted by a hub, on its way through the broker to every
 * member of the room on every instance.
 *
 * @param ts  epoch milliseconds at which the accepting hub took the message
 * @param seq the room's sequence number of a TALK, assigned by the broker when it stores the
 *            message in the room's history; {@link #NO_SEQ} before that, and always for ENTER and
 *            LEAVE
 */
public record ChatMessage(MessageType type, String roomId, String userId, String message, long ts, long seq)
        implements ServerFrame {
    /** The seq of a message that has none. Real sequence numbers start at 1. */
    public static final long NO_SEQ = 0;

    public ChatMessage {
        Objects.requireNonNull(type, "type");
        if (!type.isRoomTraffic()) {
            throw new IllegalArgumentException("a chat message is ENTER, TALK or LEAVE, not " + type);
        }
        Identifiers.roomIdProblem(roomId).ifPresent(problem -> {
            throw new IllegalArgumentException(problem + ": " + roomId);
        });
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(message, "message");
        if (seq < 0 || (seq != NO_SEQ && type != MessageType.TALK)) {
            throw new IllegalArgumentException("only a TALK has a seq, and it is positive: " + type + " " + seq);
        }
    }

    /** A message not sequenced yet. */
    public ChatMessage(MessageType type, String roomId, String userId, String message, long ts) {
        this(type, roomId, userId, message, ts, NO_SEQ);
    }

    /** This TALK with the sequence number its room's history gave it. */
    public ChatMessage withSeq(long seq) {
        return new ChatMessage(type, roomId, userId, message, ts, seq);
    }

    public boolean hasSeq() {
        return seq != NO_SEQ;
    }
}
