package chat.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One room's sequence counter and its newest TALKs, in memory: the in-process broker's history.
 * Not thread-safe: its owner guards it.
 */
final class RoomHistory {
    private final int capacity;
    private final ArrayDeque<ChatMessage> messages;
    private long latestSeq;

    RoomHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history size must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.messages = new ArrayDeque<>(Math.min(capacity, 16));
    }

    /** Numbers a TALK and stores it, dropping the oldest when full; returns the numbered message. */
    ChatMessage append(ChatMessage talk) {
        ChatMessage numbered = talk.withSeq(++latestSeq);
        if (messages.size() == capacity) {
            messages.pollFirst();
        }
        messages.addLast(numbered);
        return numbered;
    }

    HistorySlice after(long afterSeq) {
        List<ChatMessage> found = new ArrayList<>();
        for (ChatMessage m : messages) {
            if (m.seq() > afterSeq) {
                found.add(m);
            }
        }
        return slice(found);
    }

    HistorySlice before(long beforeSeq, int limit) {
        ArrayDeque<ChatMessage> found = new ArrayDeque<>();
        for (Iterator<ChatMessage> newestFirst = messages.descendingIterator();
             newestFirst.hasNext() && found.size() < limit; ) {
            ChatMessage m = newestFirst.next();
            if (m.seq() < beforeSeq) {
                found.addFirst(m);
            }
        }
        return slice(new ArrayList<>(found));
    }

    private HistorySlice slice(List<ChatMessage> found) {
        long first = messages.isEmpty() ? latestSeq + 1 : messages.peekFirst().seq();
        return new HistorySlice(found, first, latestSeq);
    }

    static HistorySlice none() {
        return new HistorySlice(List.of(), 1, 0);
    }
}
