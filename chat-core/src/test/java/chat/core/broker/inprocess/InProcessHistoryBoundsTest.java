package chat.core.broker.inprocess;

import chat.core.broker.BrokerListener;
import chat.core.events.Limit;
import chat.core.history.HistoryBounds;
import chat.core.history.HistoryPolicy;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.MessageType;
import chat.core.testing.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The in-process broker keeps all histories together within {@code HISTORY_MAX_ROOMS} and
 * {@code HISTORY_MAX_BYTES}: least recently used rooms go first, rooms without subscribers before
 * subscribed ones, and every eviction is reported.
 */
class InProcessHistoryBoundsTest {
    private static final HistoryBounds ALL = new HistoryBounds(Integer.MAX_VALUE, Long.MAX_VALUE);

    private final ManualClock clock = new ManualClock();
    private final List<Limit> limits = new CopyOnWriteArrayList<>();
    private InProcessBroker broker;

    private void start(HistoryPolicy policy) {
        broker = new InProcessBroker(1024, policy, clock);
        broker.start(new BrokerListener() {
            @Override
            public void onMessage(ChatMessage message) {
            }

            @Override
            public void limitReached(Limit limit) {
                limits.add(limit);
            }
        });
    }

    private static HistoryPolicy policy(int maxRooms, long maxBytes) {
        return new HistoryPolicy(100, Duration.ofHours(1), maxRooms, maxBytes);
    }

    private void talk(String room, String text) throws Exception {
        broker.publish(new ChatMessage(MessageType.TALK, room, "alice", text, 0L)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    /** A room gets members, a TALK, and loses its members again: what a client does on a fresh room id. */
    private void visit(String room, String text) throws Exception {
        broker.subscribe(room);
        talk(room, text);
        broker.unsubscribe(room);
    }

    private HistorySlice history(String room) throws Exception {
        return broker.historyAfter(room, 0, ALL).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void pastMaxRoomsTheLeastRecentlyUsedRoomLosesItsHistoryAndNumbering() throws Exception {
        start(policy(3, Long.MAX_VALUE));
        for (String room : List.of("a", "b", "c", "d")) {
            visit(room, "x");
        }

        assertEquals(0, history("a").latestSeq(), "the oldest room is forgotten");
        for (String room : List.of("b", "c", "d")) {
            assertEquals(1, history(room).messages().size(), room);
        }
        assertEquals(3, broker.historyRooms());
        assertEquals(List.of(Limit.HISTORY_ROOMS), limits);
    }

    @Test
    void roomsWithoutSubscribersGoBeforeSubscribedOnesHoweverOld() throws Exception {
        start(policy(2, Long.MAX_VALUE));
        broker.subscribe("busy");
        talk("busy", "oldest, but it has members");
        visit("idle", "x");
        visit("fresh", "x");

        assertEquals(1, history("busy").messages().size());
        assertEquals(0, history("idle").latestSeq());
        assertEquals(1, history("fresh").messages().size());
    }

    @Test
    void aSubscribedRoomThatLosesItsHistoryKeepsItsNumbering() throws Exception {
        start(policy(1, Long.MAX_VALUE));
        broker.subscribe("first");
        talk("first", "1");
        talk("first", "2");
        broker.subscribe("second");
        talk("second", "x"); // the store holds one room: the first room's TALKs go

        HistorySlice first = history("first");
        assertEquals(List.of(), first.messages());
        assertEquals(2, first.latestSeq());
        talk("first", "3");
        assertEquals(List.of(3L), history("first").messages().stream().map(ChatMessage::seq).toList());
    }

    @Test
    void pastMaxBytesRoomsGoUntilTheStoreFitsAgain() throws Exception {
        String kilobyte = "k".repeat(1_000);
        long max = 10 * (1_100 + HistoryStore.ROOM_OVERHEAD_BYTES);
        start(policy(Integer.MAX_VALUE, max));
        for (int i = 0; i < 50; i++) {
            visit("room-" + i, kilobyte);
        }

        assertTrue(broker.historyBytes() <= max, broker.historyBytes() + " bytes stored");
        assertTrue(broker.historyRooms() >= 9, broker.historyRooms() + " rooms kept");
        assertEquals(1, history("room-49").messages().size(), "the newest room is kept");
        assertEquals(0, history("room-0").latestSeq(), "the oldest is gone");
        assertTrue(limits.stream().allMatch(l -> l == Limit.HISTORY_BYTES) && !limits.isEmpty(), limits.toString());
    }

    @Test
    void aRoomLargerThanTheWholeStoreLosesItsOldestTalks() throws Exception {
        String kilobyte = "k".repeat(1_000);
        start(policy(Integer.MAX_VALUE, 5_000));
        broker.subscribe("big");
        for (int i = 0; i < 20; i++) {
            talk("big", kilobyte);
        }

        HistorySlice big = history("big");
        assertTrue(broker.historyBytes() <= 5_000, broker.historyBytes() + " bytes stored");
        assertEquals(20, big.latestSeq());
        assertEquals(4, big.messages().size(), "the newest TALKs that fit with the room's overhead");
        assertEquals(20, big.messages().get(3).seq());
    }

    @Test
    void expiredAndRetiredHistoriesNoLongerCount() throws Exception {
        start(policy(100, Long.MAX_VALUE));
        visit("a", "x");
        visit("b", "y");
        assertEquals(2, broker.historyRooms());

        clock.advance(Duration.ofHours(1));
        broker.subscribe("c"); // any call sweeps what expired

        assertEquals(0, broker.historyRooms());
        assertEquals(0, broker.historyBytes());
    }

    @Test
    void historyReadsStopAtTheirBoundsNewestFirst() throws Exception {
        start(HistoryPolicy.DEFAULT);
        broker.subscribe("r");
        for (int i = 1; i <= 10; i++) {
            talk("r", "m" + i);
        }
        int size = ChatCodec.encodedBytes(new ChatMessage(MessageType.TALK, "r", "alice", "m1", 0L, 1));

        HistorySlice byCount = broker.historyAfter("r", 2, new HistoryBounds(3, Long.MAX_VALUE)).toCompletableFuture().get();
        HistorySlice byBytes = broker.historyBefore("r", 9, new HistoryBounds(100, 2L * size)).toCompletableFuture().get();
        HistorySlice none = broker.historyBefore("r", Long.MAX_VALUE, HistoryBounds.NONE).toCompletableFuture().get();

        assertEquals(List.of(8L, 9L, 10L), byCount.messages().stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(7L, 8L), byBytes.messages().stream().map(ChatMessage::seq).toList());
        assertEquals(List.of(), none.messages());
        assertEquals(10, none.latestSeq());
        assertEquals(1, none.firstSeq());
    }
}
