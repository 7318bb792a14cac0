package chat.core;

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
}
