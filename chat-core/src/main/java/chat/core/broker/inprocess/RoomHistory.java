package chat.core.broker.inprocess;

import chat.core.history.HistoryBounds;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * One room's sequence counter and its newest TALKs, in memory: the in-process broker's history.
 * It knows the size of what it stores (each TALK's JSON, see {@link ChatCodec#encodedBytes}), so
 * reads can be bounded in bytes and the broker can bound all histories together. Not thread-safe:
 * its owner guards it.
 */
final class RoomHistory {
    private record Stored(ChatMessage message, int bytes) {
    }

    private final int capacity;
    private final ArrayDeque<Stored> messages;
    private long latestSeq;
    private long bytes;

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
            dropOldest();
        }
        Stored stored = new Stored(numbered, ChatCodec.encodedBytes(numbered));
        messages.addLast(stored);
        bytes += stored.bytes();
        return numbered;
    }

    /** UTF-8 bytes of the stored TALKs' JSON. */
    long bytes() {
        return bytes;
    }

    boolean hasMessages() {
        return !messages.isEmpty();
    }

    /** Drops the oldest stored TALK, if any; the numbering goes on. */
    void dropOldest() {
        Stored oldest = messages.pollFirst();
        if (oldest != null) {
            bytes -= oldest.bytes();
        }
    }

    /** Drops every stored TALK; the numbering goes on. */
    void clear() {
        messages.clear();
        bytes = 0;
    }

    /** The newest TALKs above {@code afterSeq} within {@code bounds}. */
    HistorySlice after(long afterSeq, HistoryBounds bounds) {
        return newest(Long.MAX_VALUE, afterSeq, bounds);
    }

    /** The newest TALKs below {@code beforeSeq} within {@code bounds}. */
    HistorySlice before(long beforeSeq, HistoryBounds bounds) {
        return newest(beforeSeq, 0, bounds);
    }

    /** Newest first, the TALKs with {@code afterSeq < seq < beforeSeq} that fit, returned oldest first. */
    private HistorySlice newest(long beforeSeq, long afterSeq, HistoryBounds bounds) {
        List<ChatMessage> found = new ArrayList<>();
        long used = 0;
        for (Iterator<Stored> newestFirst = messages.descendingIterator(); newestFirst.hasNext(); ) {
            Stored s = newestFirst.next();
            long seq = s.message().seq();
            if (seq <= afterSeq) {
                break;
            }
            if (seq >= beforeSeq) {
                continue;
            }
            if (!bounds.fits(found.size(), used, s.bytes())) {
                break;
            }
            found.add(s.message());
            used += s.bytes();
        }
        Collections.reverse(found);
        long first = messages.isEmpty() ? latestSeq + 1 : messages.peekFirst().message().seq();
        return new HistorySlice(found, first, latestSeq);
    }

    static HistorySlice none() {
        return new HistorySlice(List.of(), 1, 0);
    }
}
