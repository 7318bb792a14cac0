package chat.core.room;

import chat.core.connection.Connection;
import chat.core.connection.WriteBatch;
import chat.core.events.ChatEvents;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.EncodedFrame;
import chat.core.protocol.ResyncNotice;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seats of one room's local members, and the fan-out to them: a message or a notice is
 * encoded once and offered to every seat, whose writes start together once every seat has it
 * ({@link WriteBatch}). Seats can be added and removed from any thread; the {@link RoomFeed}
 * delivers under its own lock, one frame at a time.
 */
final class RoomSeats {
    private final ChatCodec codec;
    private final ChatEvents events;
    private final Clock clock;
    private final Map<Connection, Seat> seats = new ConcurrentHashMap<>();

    RoomSeats(ChatCodec codec, ChatEvents events, Clock clock) {
        this.codec = codec;
        this.events = events;
        this.clock = clock;
    }

    void add(Seat seat) {
        seats.put(seat.connection(), seat);
    }

    boolean remove(Connection connection) {
        return seats.remove(connection) != null;
    }

    boolean isEmpty() {
        return seats.isEmpty();
    }

    Collection<Seat> all() {
        return seats.values();
    }

    /** Offers {@code message} to every member. */
    void deliver(ChatMessage message) {
        if (seats.isEmpty()) {
            return;
        }
        EncodedFrame frame = codec.encodeFrame(message);
        int queued = WriteBatch.during(() -> offerToAll(frame));
        events.messageDelivered(queued, clock.millis() - message.ts());
    }

    /** Tells every member of TALKs they will not get, or of the room's numbering starting again. */
    void resync(ResyncNotice notice) {
        events.resyncSent(seats.size());
        EncodedFrame frame = codec.encodeFrame(notice);
        WriteBatch.during(() -> offerToAll(frame));
    }

    /** Offers {@code frame} to every seat; returns how many queued it. */
    private int offerToAll(EncodedFrame frame) {
        int queued = 0;
        for (Seat seat : seats.values()) {
            if (seat.offer(frame)) {
                queued++;
            }
        }
        return queued;
    }

    /** The room's numbering started again: no member's replay covers a TALK any more. */
    void forgetReplays() {
        seats.values().forEach(Seat::forgetReplay);
    }
}
