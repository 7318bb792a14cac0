package chat.core;

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

    /** The notice for a client (or this instance) that had everything up to {@code lastSeq}. */
    public static ResyncNotice after(String roomId, long lastSeq, HistorySlice slice) {
        if (lastSeq > slice.latestSeq()) {
            return new ResyncNotice(roomId, lastSeq, slice.firstSeq(),
                    "the room's history was reset: its messages are numbered from 1 again");
        }
        return new ResyncNotice(roomId, lastSeq, slice.firstSeq(), "messages " + (lastSeq + 1) + " to "
                + (slice.firstSeq() - 1) + " are no longer in the room's history");
    }

    @Override
    public MessageType type() {
        return MessageType.RESYNC;
    }
}
