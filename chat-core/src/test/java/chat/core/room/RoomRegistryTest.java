package chat.core.room;

import chat.core.broker.Broker;
import chat.core.broker.BrokerListener;
import chat.core.broker.BrokerUnavailableException;
import chat.core.connection.Connection;
import chat.core.events.ChatEvents;
import chat.core.history.HistoryBounds;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.testing.RecordingConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class RoomRegistryTest {

    /** Records the calls the registry makes, in order. */
    static final class CallLog implements Broker {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile RuntimeException subscribeThrows;

        @Override
        public void start(BrokerListener listener) {
        }

        @Override
        public CompletionStage<Void> subscribe(String roomId) {
            calls.add("subscribe " + roomId);
            if (subscribeThrows != null) {
                throw subscribeThrows;
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> unsubscribe(String roomId) {
            calls.add("unsubscribe " + roomId);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<ChatMessage> publish(ChatMessage message) {
            return CompletableFuture.completedFuture(message);
        }

        @Override
        public CompletionStage<HistorySlice> historyAfter(String roomId, long afterSeq, HistoryBounds bounds) {
            return CompletableFuture.completedFuture(new HistorySlice(List.of(), 1, 0));
        }

        @Override
        public CompletionStage<HistorySlice> historyBefore(String roomId, long beforeSeq, HistoryBounds bounds) {
            return CompletableFuture.completedFuture(new HistorySlice(List.of(), 1, 0));
        }

        @Override
        public void close() {
        }
    }

    private final CallLog broker = new CallLog();
    private final RoomRegistry registry = new RoomRegistry(broker,
            roomId -> new RoomFeed(roomId, broker, new ChatCodec(), ChatEvents.NONE, java.time.Clock.systemUTC(), 100,
                    new HistoryBounds(100, Long.MAX_VALUE)));

    private CompletableFuture<Void> join(String roomId, Seat seat) {
        return registry.join(roomId, seat, Integer.MAX_VALUE).orElseThrow();
    }

    @Test
    void aNewRoomPastMaxRoomsIsRefusedWhileExistingRoomsTakeMembers() {
        Connection alice = new RecordingConnection("alice");
        Connection bob = new RecordingConnection("bob");
        assertTrue(registry.join("room-1", new Seat(alice), 1).isPresent());

        assertTrue(registry.join("room-2", new Seat(bob), 1).isEmpty(), "a second room is one too many");
        assertTrue(registry.join("room-1", new Seat(bob), 1).isPresent(), "an existing room takes more members");
        assertEquals(1, registry.roomCount());
        assertEquals(List.of("subscribe room-1"), broker.calls);
    }

    private Set<Connection> members(String roomId) {
        RoomFeed feed = registry.feed(roomId);
        return feed == null ? Set.of() : feed.seats().stream().map(Seat::connection)
                .collect(java.util.stream.Collectors.toSet());
    }
    private final Connection alice = new RecordingConnection("alice");
    private final Connection bob = new RecordingConnection("bob");

    @Test
    void firstMemberSubscribesTheRoomOnce() {
        join("room-1", new Seat(alice));
        join("room-1", new Seat(bob));

        assertEquals(List.of("subscribe room-1"), broker.calls);
        assertEquals(Set.of(alice, bob), Set.copyOf(members("room-1")));
    }

    @Test
    void lastMemberLeavingUnsubscribesTheRoom() {
        join("room-1", new Seat(alice));
        join("room-1", new Seat(bob));

        assertTrue(registry.leave("room-1", alice));
        assertEquals(List.of("subscribe room-1"), broker.calls);
        assertTrue(registry.leave("room-1", bob));

        assertEquals(List.of("subscribe room-1", "unsubscribe room-1"), broker.calls);
        assertEquals(0, registry.roomCount());
    }

    @Test
    void leaveOfANonMemberReturnsFalseAndChangesNothing() {
        join("room-1", new Seat(alice));

        assertFalse(registry.leave("room-1", bob));
        assertFalse(registry.leave("other", bob));

        assertEquals(1, registry.roomCount());
        assertEquals(List.of("subscribe room-1"), broker.calls);
    }

    @Test
    void membersOfAnUnknownRoomIsEmpty() {
        assertEquals(Set.of(), members("nobody-here"));
    }

    @Test
    void subscribeThatThrowsGivesAFailedJoin() {
        broker.subscribeThrows = new BrokerUnavailableException("down");

        CompletableFuture<Void> joined = join("room-1", new Seat(alice));

        assertTrue(joined.isCompletedExceptionally());
    }

    @Test
    void roomIsSubscribedAgainAfterItEmptied() {
        join("room-1", new Seat(alice));
        registry.leave("room-1", alice);

        join("room-1", new Seat(bob));

        assertEquals(List.of("subscribe room-1", "unsubscribe room-1", "subscribe room-1"), broker.calls);
    }
}
