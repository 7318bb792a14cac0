package chat.core.hub;

import chat.core.broker.inprocess.InProcessBroker;
import chat.core.connection.Connection;
import chat.core.events.ChatEvents;
import chat.core.events.Limit;
import chat.core.history.HistoryPolicy;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.ClientCommand;
import chat.core.protocol.EncodedFrame;
import chat.core.protocol.MessageType;
import chat.core.testing.LossyBroker;
import chat.core.testing.ManualClock;
import chat.core.testing.RecordingConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Room history, resuming with {@code lastSeq}, HISTORY pages and gap recovery, through a real
 * {@link ChatHub} on the embedded default's {@link InProcessBroker} (wrapped so a test can lose
 * deliveries and hold history reads).
 */
class ChatHubHistoryTest extends HubTestSupport<LossyBroker> {
    private final ManualClock clock = new ManualClock();
    private final List<Limit> limitsReached = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ChatEvents events = new ChatEvents() {
        @Override
        public void limitReached(Limit limit) {
            limitsReached.add(limit);
        }
    };

    ChatHubHistoryTest() {
        super(null); // made by start: its history policy is the test's
    }

    @Override
    protected Clock clock() {
        return clock;
    }

    @Override
    protected ChatEvents events() {
        return events;
    }

    @Override
    protected void startDefault() {
        start(100, Duration.ofHours(1));
    }

    private void start(int historySize, Duration retention) {
        start(historySize, retention, ChatLimits.defaults());
    }

    private void start(int historySize, Duration retention, ChatLimits limits) {
        broker = new LossyBroker(new InProcessBroker(1024, new HistoryPolicy(historySize, retention), clock));
        start(limits.withRateBurst(1_000_000).withRatePerSecond(1_000_000));
    }

    private void talks(Connection c, int from, int to) {
        for (int i = from; i <= to; i++) {
            hub().onFrame(c, ClientCommand.talk(ROOM, "m" + i));
        }
    }

    private static List<Long> seqs(RecordingConnection c) {
        return c.framesOfType("TALK").stream().map(f -> f.get("seq").asLong()).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** Frames as short lines, TALKs as {@code TALK#seq}. */
    private static List<String> lines(RecordingConnection c) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : c.frames()) {
            String type = f.path("type").asText();
            out.add(switch (type) {
                case "TALK" -> "TALK#" + f.get("seq").asLong();
                case "RESYNC" -> "RESYNC:" + f.get("lastSeq").asLong() + ">" + f.get("firstSeq").asLong();
                default -> RecordingConnection.summary(f);
            });
        }
        return out;
    }

    private static List<String> talkLines(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(s -> "TALK#" + s).toList();
    }

    @Test
    void talksAreNumberedFromOneWithoutGapsAndEnterAndLeaveCarryNoSeq() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 3);
        frame(alice, "{\"type\":\"LEAVE\",\"roomId\":\"room-1\"}");

        assertEquals(range(1, 3), seqs(alice));
        assertFalse(alice.framesOfType("ENTER").get(0).has("seq"));
    }

    @Test
    void resumingAfterMissingThirtyGetsExactlyThoseInOrderThenLiveTraffic() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 5);
        long bobsLast = seqs(bob).get(seqs(bob).size() - 1);
        hub().onClose(bob); // a network blip

        talks(alice, 6, 35); // 30 bob misses
        RecordingConnection bobAgain = connect("bob");
        frame(bobAgain, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":" + bobsLast + "}");
        talks(alice, 36, 36);

        List<String> expected = new ArrayList<>(talkLines(6, 35));
        expected.add("ENTER:room-1:bob:");
        expected.add("TALK#36");
        assertEquals(expected, lines(bobAgain));
    }

    @Test
    void liveTrafficDuringTheReplayIsHeldAndNotSentTwice() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 10);

        RecordingConnection bob = connect("bob");
        CompletableFuture<Void> read = broker.holdReads();
        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":4}");
        talks(alice, 11, 15); // delivered live to bob's seat while its history read waits
        assertEquals(List.of(), bob.frames(), "nothing before the replay");
        read.complete(null); // the read sees 11-15 too
        talks(alice, 16, 17);

        List<String> expected = new ArrayList<>(talkLines(5, 15));
        expected.add("ENTER:room-1:bob:");
        expected.addAll(talkLines(16, 17));
        assertEquals(expected, lines(bob));
        assertEquals(range(1, 17), seqs(alice));
    }

    @Test
    void aGapOlderThanTheHistoryIsReportedBeforeWhatIsStillThere() {
        start(10, Duration.ofHours(1));
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 30);

        RecordingConnection bob = connect("bob");
        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":5}");

        List<String> expected = new ArrayList<>(List.of("RESYNC:5>21"));
        expected.addAll(talkLines(21, 30));
        expected.add("ENTER:room-1:bob:");
        assertEquals(expected, lines(bob));
        JsonNode resync = bob.framesOfType("RESYNC").get(0);
        assertEquals(ROOM, resync.get("roomId").asText());
        assertTrue(resync.get("message").asText().contains("6 to 20"), resync.toString());
    }

    @Test
    void resumingFromTheLatestSeqReplaysNothing() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 3);
        RecordingConnection bob = connect("bob");
        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":3}");
        assertEquals(List.of("ENTER:room-1:bob:"), lines(bob));
    }

    @Test
    void aLastSeqBeyondTheRoomsNumberingIsAResetTheClientIsToldAbout() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 2);
        RecordingConnection bob = connect("bob");
        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":500}");
        talks(alice, 3, 3);

        assertEquals(List.of("RESYNC:500>1", "TALK#1", "TALK#2", "ENTER:room-1:bob:", "TALK#3"), lines(bob));
        assertTrue(bob.framesOfType("RESYNC").get(0).get("message").asText().contains("reset"));
    }

    @Test
    void historyIsKeptForItsRetentionAfterTheLastMemberLeftThenNumberingStartsAgain() {
        start(100, Duration.ofMinutes(10));
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        clock.advance(Duration.ofHours(2)); // members present: no retention clock runs
        talks(alice, 1, 3);
        hub().onClose(alice);

        clock.advance(Duration.ofMinutes(9));
        RecordingConnection back = connect("alice");
        frame(back, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":1}");
        assertEquals(List.of("TALK#2", "TALK#3", "ENTER:room-1:alice:"), lines(back));
        hub().onClose(back);

        clock.advance(Duration.ofMinutes(10));
        RecordingConnection late = connect("alice");
        frame(late, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":3}");
        talks(late, 1, 1);
        assertEquals(List.of("RESYNC:3>1", "ENTER:room-1:alice:", "TALK#1"), lines(late));
    }

    @Test
    void historyPagesBackwardsFromTheNewest() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 30);
        alice.clear();

        frame(alice, "{\"type\":\"HISTORY\",\"roomId\":\"room-1\",\"limit\":10}");
        frame(alice, "{\"type\":\"HISTORY\",\"roomId\":\"room-1\",\"beforeSeq\":21,\"limit\":10}");
        frame(alice, "{\"type\":\"HISTORY\",\"roomId\":\"room-1\",\"beforeSeq\":3}");

        List<JsonNode> pages = alice.framesOfType("HISTORY");
        assertEquals(3, pages.size());
        assertPage(pages.get(0), range(21, 30), true);
        assertPage(pages.get(1), range(11, 20), true);
        assertPage(pages.get(2), range(1, 2), false);
        JsonNode first = pages.get(0).get("messages").get(0);
        assertEquals("TALK", first.get("type").asText());
        assertEquals("alice", first.get("userId").asText());
        assertEquals("m21", first.get("message").asText());
    }

    private static void assertPage(JsonNode page, List<Long> seqs, boolean more) {
        assertEquals(ROOM, page.get("roomId").asText());
        List<Long> got = new ArrayList<>();
        page.get("messages").forEach(m -> got.add(m.get("seq").asLong()));
        assertEquals(seqs, got);
        assertEquals(more, page.get("more").asBoolean());
    }

    @Test
    void historyIsOnlyForMembersAndBadFieldsAreNamed() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"HISTORY\",\"roomId\":\"room-1\"}");
        frame(alice, "{\"type\":\"HISTORY\",\"roomId\":\"room-1\",\"limit\":0}");
        frame(alice, "{\"type\":\"HISTORY\",\"roomId\":\"room-1\",\"beforeSeq\":\"x\"}");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":-1}");

        assertEquals(List.of("ERROR:NOT_IN_ROOM:room-1", "ERROR:BAD_JSON:room-1", "ERROR:BAD_JSON:room-1",
                "ERROR:BAD_JSON:room-1"), lines(alice));
    }

    @Test
    void talksLostByTheBrokerAreRecoveredWhenItSaysItResubscribed() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 3);

        broker.cut();
        talks(alice, 4, 8);
        broker.resubscribed(ROOM);
        talks(alice, 9, 10);

        assertEquals(range(1, 10), seqs(alice));
        assertEquals(range(1, 10), seqs(bob));
    }

    @Test
    void aTalkThatSkipsNumbersMakesTheRoomReadTheGapFirst() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 2);
        broker.cut();
        talks(alice, 3, 6);
        broker.heal();
        talks(alice, 7, 8);
        assertEquals(range(1, 8), seqs(alice));
    }

    @Test
    void liveTrafficDuringARecoveryReadIsHeldAndDeduplicated() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 2);
        broker.cut();
        talks(alice, 3, 4);
        CompletableFuture<Void> read = broker.holdReads();
        broker.resubscribed(ROOM);
        talks(alice, 5, 7); // live, held behind the read, and also in what the read will return
        assertEquals(range(1, 2), seqs(alice));
        read.complete(null);
        talks(alice, 8, 8);
        assertEquals(range(1, 8), seqs(alice));
    }

    @Test
    void recoveryThatFindsTheGapTrimmedTellsEveryLocalMember() {
        start(5, Duration.ofHours(1));
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 2);
        broker.cut();
        talks(alice, 3, 12);
        broker.resubscribed(ROOM);

        List<String> expected = new ArrayList<>(List.of("ENTER:room-1:alice:", "TALK#1", "TALK#2", "RESYNC:2>8"));
        expected.addAll(talkLines(8, 12));
        assertEquals(expected, lines(alice));
    }

    @Test
    void aRoomWhoseSubscriptionWasLostBeforeAnyTalkRecoversFromItsStart() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        broker.cut();
        talks(alice, 1, 3);
        broker.resubscribed(ROOM);
        assertEquals(range(1, 3), seqs(bob));
    }

    @Test
    void aReplayLongerThanTheClientsQueueSendsTheNewestAndSaysWhereToPageFrom() {
        start(100, Duration.ofHours(1), ChatLimits.defaults().withOutboundQueueFrames(20));
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 50);

        RecordingConnection bob = connect("bob");
        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":0}");

        List<String> expected = new ArrayList<>(List.of("RESYNC:0>41"));
        expected.addAll(talkLines(41, 50)); // half of the 20-frame queue
        expected.add("ENTER:room-1:bob:");
        assertEquals(expected, lines(bob));
        assertTrue(bob.framesOfType("RESYNC").get(0).get("message").asText().contains("HISTORY"));
        assertEquals(List.of(), bob.closes(), "not closed as a slow consumer");
    }

    @Test
    void aResetReplayTooLongForTheQueueSaysBothThatTheRoomWasResetAndWhereToPageFrom() {
        start(100, Duration.ofHours(1), ChatLimits.defaults().withOutboundQueueFrames(20));
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 50);

        RecordingConnection bob = connect("bob");
        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":500}");

        List<String> expected = new ArrayList<>(List.of("RESYNC:500>41"));
        expected.addAll(talkLines(41, 50));
        expected.add("ENTER:room-1:bob:");
        assertEquals(expected, lines(bob));
        assertEquals("the room's history was reset: its messages are numbered from 1 again; messages 1 to 40"
                + " are more than one replay holds: ask for them with HISTORY",
                bob.framesOfType("RESYNC").get(0).get("message").asText());
    }

    @Test
    void aResubscriptionReportedDuringARecoveryReadIsReadAgainAfterIt() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 2);
        broker.cut();
        talks(alice, 3, 4);
        CompletableFuture<Void> firstRead = broker.holdReads();
        broker.resubscribed(ROOM); // reads after 2, held
        broker.cut();
        talks(alice, 5, 6); // lost again while the first read waits
        broker.resubscribed(ROOM); // remembered, read after the first
        firstRead.complete(null);
        assertEquals(range(1, 6), seqs(alice));
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    @Test
    void aTalkAboveTheRoomsCounterIsReadForOnceThenReportedAndPassedOver() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 3);
        int readsBefore = broker.reads.get();

        // seq 1000 on the channel while the room's counter is at 3: someone else publishes there
        broker.inject(new ChatMessage(MessageType.TALK, ROOM, "mallory", "x", clock.millis(), 1000));
        talks(alice, 4, 5);

        assertEquals(1, broker.reads.get() - readsBefore, "one read for the gap, none after it");
        assertEquals(List.of("ENTER:room-1:alice:", "TALK#1", "TALK#2", "TALK#3", "RESYNC:3>1000", "TALK#1000",
                "RESYNC:1000>4", "TALK#4", "TALK#5"), lines(alice));
    }

    @Test
    void aFeedWhoseRoomEmptiedDropsWhatItsReadBringsAndReadsNoMore() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 2);
        CompletableFuture<Void> read = broker.holdReads();
        broker.inject(new ChatMessage(MessageType.TALK, ROOM, "mallory", "x", clock.millis(), 50));
        frame(alice, "{\"type\":\"LEAVE\",\"roomId\":\"room-1\"}");
        int readsBefore = broker.reads.get();
        int framesBefore = alice.frames().size();

        read.complete(null);

        assertEquals(readsBefore, broker.reads.get());
        assertEquals(framesBefore, alice.frames().size());
    }

    @Test
    void aHistoryPageOfLargeTalksIsCutByBytesAndSaysMore() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        String quotes = repeat('"', 8_192); // escaped to two bytes each: a 16 KiB TALK
        for (int i = 0; i < 30; i++) {
            hub().onFrame(alice, ClientCommand.talk(ROOM, quotes));
        }
        alice.clear();

        frame(alice, "{\"type\":\"HISTORY\",\"roomId\":\"room-1\",\"limit\":100}");

        EncodedFrame page = alice.sentFrames().get(0);
        assertTrue(page.bytes() <= ChatHub.HISTORY_PAGE_BYTES + 200, "page of " + page.bytes() + " bytes");
        JsonNode json = alice.frames().get(0);
        assertTrue(json.get("more").asBoolean());
        int n = json.get("messages").size();
        assertEquals(7, n, "as many 16 KiB TALKs as fit in 128 KiB");
        assertEquals(30, json.get("messages").get(n - 1).get("seq").asLong(), "the newest come first");
        assertEquals(List.of(Limit.HISTORY_PAGE), limitsReached);
    }

    @Test
    void aReplayOfLargeTalksStopsAtHalfTheClientsQueueInBytes() {
        start(100, Duration.ofHours(1), ChatLimits.defaults().withOutboundQueueBytes(200_000));
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        for (int i = 0; i < 20; i++) {
            hub().onFrame(alice, ClientCommand.talk(ROOM, repeat('x', 8_000)));
        }

        RecordingConnection bob = connect("bob");
        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":0}");

        List<String> expected = new ArrayList<>(List.of("RESYNC:0>9"));
        expected.addAll(talkLines(9, 20)); // 12 TALKs of ~8.1 KB fit in 100,000 bytes
        expected.add("ENTER:room-1:bob:");
        assertEquals(expected, lines(bob));
        assertEquals(List.of(Limit.REPLAY), limitsReached);
        assertEquals(List.of(), bob.closes(), "not closed as a slow consumer");
    }

    @Test
    void aRecoveryLongerThanHalfTheQueueDeliversTheNewestAndSaysWhereToPageFrom() {
        start(100, Duration.ofHours(1), ChatLimits.defaults().withOutboundQueueFrames(20));
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 2);
        broker.cut();
        talks(alice, 3, 40);
        broker.resubscribed(ROOM);

        List<String> expected = new ArrayList<>(List.of("ENTER:room-1:alice:", "TALK#1", "TALK#2", "RESYNC:2>31"));
        expected.addAll(talkLines(31, 40));
        assertEquals(expected, lines(alice));
        assertEquals(List.of(Limit.REPLAY), limitsReached);
    }

    /** A connection whose queue the test fills and drains, as a client that reads late. */
    private static final class LateReader extends RecordingConnection {
        private final java.util.concurrent.CompletableFuture<Void> room = new java.util.concurrent.CompletableFuture<>();
        volatile long waitedFor = -1;

        LateReader(String userId) {
            super(userId);
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> whenQueuedAtMost(long bytes) {
            waitedFor = bytes;
            return room;
        }

        void readsItsQueue() {
            room.complete(null);
        }
    }

    @Test
    void aHistoryRequestIsAnsweredOnlyOnceTheClientHasReadWhatWasQueuedForIt() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 3);
        LateReader bob = new LateReader("bob");
        assertTrue(hub().open(bob));
        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");

        frame(bob, "{\"type\":\"HISTORY\",\"roomId\":\"room-1\"}");
        frame(bob, "{\"type\":\"TALK\",\"roomId\":\"room-1\",\"message\":\"after\"}");
        assertEquals(List.of("ENTER:room-1:bob:"), lines(bob), "the page and what follows wait");
        assertEquals(ChatHub.HISTORY_PAGE_BYTES, bob.waitedFor);

        bob.readsItsQueue();

        assertEquals("HISTORY", bob.frames().get(1).get("type").asText());
        assertEquals("TALK#4", lines(bob).get(2), "commands keep their order");
    }

    @Test
    void aResumeWaitsForRoomInTheClientsQueueBeforeItsReplay() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 2);
        LateReader bob = new LateReader("bob");
        assertTrue(hub().open(bob));

        frame(bob, "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":0}");
        assertEquals(List.of(), lines(bob));
        bob.readsItsQueue();

        assertEquals(List.of("TALK#1", "TALK#2", "ENTER:room-1:bob:"), lines(bob));
    }

    @Test
    void liveCopiesOfWhatARecoveryReadDeliveredAreDroppedEvenBehindAForeignTalk() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        talks(alice, 1, 3);
        CompletableFuture<Void> read = broker.holdReads();
        broker.inject(new ChatMessage(MessageType.TALK, ROOM, "mallory", "x", clock.millis(), 1000)); // starts a read
        talks(alice, 4, 5); // numbered and stored, held live behind the foreign TALK, and in what the read returns

        read.complete(null);
        talks(alice, 6, 6);

        assertEquals(List.of("ENTER:room-1:alice:", "TALK#1", "TALK#2", "TALK#3", "TALK#4", "TALK#5", "RESYNC:5>1000",
                "TALK#1000", "RESYNC:1000>6", "TALK#6"), lines(alice));
    }
}
