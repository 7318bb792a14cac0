package chat.core.history;

import chat.core.protocol.ChatMessage;
import chat.core.protocol.ResyncNotice;

import java.util.List;

/**
 * Part of a room's stored history as a broker read it, in one consistent look.
 *
 * @param messages  TALKs in seq order
 * @param firstSeq  the oldest seq still stored; {@code latestSeq + 1} when nothing is stored
 * @param latestSeq the seq of the room's newest TALK; 0 when the room has none (or its history
 *                  expired, which starts its numbering again)
 */
public record HistorySlice(List<ChatMessage> messages, long firstSeq, long latestSeq) {
    public HistorySlice {
        messages = List.copyOf(messages);
    }

    /** True when seq numbers after {@code lastSeq} are missing from this slice's store: lost or reset. */
    public boolean missesAfter(long lastSeq) {
        return lastSeq > latestSeq || (lastSeq < latestSeq && firstSeq > lastSeq + 1);
    }

    /**
     * The notice for a client (or an instance) of room {@code roomId} that had everything up to
     * {@code lastSeq}, when this slice {@link #missesAfter} it: the room was reset, or TALKs are gone.
     */
    public ResyncNotice resyncAfter(String roomId, long lastSeq) {
        return lastSeq > latestSeq ? ResyncNotice.reset(roomId, lastSeq, firstSeq)
                : ResyncNotice.gap(roomId, lastSeq, firstSeq, "are no longer in the room's history");
    }
}
