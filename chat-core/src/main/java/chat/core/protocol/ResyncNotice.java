package chat.core.protocol;

import java.util.Objects;

/**
 * Tells one client that TALKs of a room after {@code lastSeq} cannot be delivered: they are no
 * longer stored (or the room's history was reset). What follows starts at {@code firstSeq}; the
 * client should reload the room from elsewhere rather than trust its view to be complete.
 */
public record ResyncNotice(String roomId, long lastSeq, long firstSeq, String message) implements ServerFrame {
    public ResyncNotice {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(message, "message");
    }

    private static final String RESET = "the room's history was reset: its messages are numbered from 1 again";

    /** The room was numbered from 1 again since {@code lastSeq}; what follows starts at {@code firstSeq}. */
    public static ResyncNotice reset(String roomId, long lastSeq, long firstSeq) {
        return new ResyncNotice(roomId, lastSeq, firstSeq, RESET);
    }

    /** TALKs after {@code lastSeq} and before {@code firstSeq} will not come, for the reason {@code why} gives. */
    public static ResyncNotice gap(String roomId, long lastSeq, long firstSeq, String why) {
        return new ResyncNotice(roomId, lastSeq, firstSeq,
                "messages " + (lastSeq + 1) + " to " + (firstSeq - 1) + " " + why);
    }

    /**
     * This notice, with what follows starting later, at {@code firstSent}: the TALKs in between did
     * not fit in one replay.
     */
    public ResyncNotice cutTo(long firstSent, String why) {
        if (message.equals(RESET)) {
            return new ResyncNotice(roomId, lastSeq, firstSent,
                    RESET + "; messages 1 to " + (firstSent - 1) + " " + why);
        }
        return gap(roomId, lastSeq, firstSent, why);
    }

    @Override
    public MessageType type() {
        return MessageType.RESYNC;
    }
}
