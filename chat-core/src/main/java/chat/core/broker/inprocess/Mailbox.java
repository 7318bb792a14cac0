package chat.core.broker.inprocess;

import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;

import java.util.ArrayDeque;

/**
 * One room's messages waiting for the listener, in the order they were published, and whether a
 * thread is delivering them. Bounded in messages and in bytes (each message's JSON, see
 * {@link ChatCodec#encodedBytes}); the publisher asks {@link #fits} first. The first publisher to
 * find nobody delivering becomes the deliverer until the mailbox is empty, so a room's messages
 * reach the listener one at a time. Not thread-safe: guarded by its room's lock.
 */
final class Mailbox {
    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<ChatMessage> waiting = new ArrayDeque<>();
    private long bytes;
    private boolean draining;

    Mailbox(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Whether a message of {@code messageBytes} may be added without passing a bound. */
    boolean fits(int messageBytes) {
        return waiting.size() < maxMessages && bytes + messageBytes <= maxBytes;
    }

    /**
     * Adds {@code message}, of {@code messageBytes} (its JSON, as {@link #next} subtracts it).
     * Returns whether the caller must now deliver the mailbox: no other thread is doing so.
     */
    boolean add(ChatMessage message, int messageBytes) {
        waiting.addLast(message);
        bytes += messageBytes;
        boolean deliverHere = !draining;
        draining = true;
        return deliverHere;
    }

    /** The next message to deliver; null when none is left, and then nobody is delivering any more. */
    ChatMessage next() {
        ChatMessage next = waiting.pollFirst();
        bytes = next == null ? 0 : bytes - ChatCodec.encodedBytes(next);
        if (next == null) {
            draining = false;
        }
        return next;
    }

    /** The deliverer stopped before the mailbox was empty: the next {@link #add} delivers what is left. */
    void abandon() {
        draining = false;
    }

    /** Drops every waiting message; whoever is delivering finds the mailbox empty. */
    void clear() {
        waiting.clear();
        bytes = 0;
    }

    boolean draining() {
        return draining;
    }

    int size() {
        return waiting.size();
    }

    long bytes() {
        return bytes;
    }
}
