package chat.core.hub;

import chat.core.broker.inprocess.InProcessBroker;
import chat.core.connection.Connection;
import chat.core.events.ChatEvents;
import chat.core.events.Limit;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ClientCommand;
import chat.core.protocol.ErrorCode;
import chat.core.protocol.InvalidFrame;
import chat.core.testing.RecordingConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The chat rules, with a real {@link InProcessBroker} and a real {@link ChatHub}. */
class ChatHubTest extends HubTestSupport<InProcessBroker> {
    private ExecutorService executor;

    ChatHubTest() {
        super(new InProcessBroker());
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    // ---- ENTER ----

    @Test
    void enterIsDeliveredToEveryMemberIncludingTheSender() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);

        assertEquals(List.of("ENTER:room-1:alice:", "ENTER:room-1:bob:"), alice.summaries());
        assertEquals(List.of("ENTER:room-1:bob:"), bob.summaries());
    }

    @Test
    void roomTrafficHasTheExactWireShapeWithTheHubClockAsTs() {
        RecordingConnection alice = connect("alice");
        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"room-1\"}");
        frame(alice, "{\"type\":\"TALK\",\"roomId\":\"room-1\",\"message\":\"hi\"}");

        List<String> json = alice.events().stream()
                .map(e -> ((RecordingConnection.Sent) e).frame().json()).toList();
        assertEquals(List.of(
                "{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"userId\":\"alice\",\"message\":\"\",\"ts\":1764100000000}",
                "{\"type\":\"TALK\",\"roomId\":\"room-1\",\"userId\":\"alice\",\"message\":\"hi\",\"ts\":1764100000000,\"seq\":1}"),
                json);
    }

    @Test
    void repeatedEnterIsNotResent() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);

        enter(alice, ROOM);

        assertEquals(List.of("ENTER:room-1:alice:", "ENTER:room-1:bob:"), alice.summaries());
        assertEquals(List.of("ENTER:room-1:bob:"), bob.summaries());
    }

    @Test
    void repeatedEnterChangesNothing() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(alice, ROOM);
        enter(bob, ROOM);
        bob.clear();

        leave(alice, ROOM);
        talk(alice, ROOM, "still here?");

        assertEquals(List.of("LEAVE:room-1:alice:"), bob.summaries());
        assertEquals("ERROR:NOT_IN_ROOM:room-1", alice.summaries().get(alice.summaries().size() - 1));
    }

    @Test
    void enterBeyondTheRoomLimitIsAnsweredTooManyRooms() {
        start(ChatLimits.defaults().withMaxRoomsPerConnection(2));
        RecordingConnection alice = connect("alice");
        enter(alice, "r1");
        enter(alice, "r2");

        enter(alice, "r3");

        assertEquals(List.of("ENTER:r1:alice:", "ENTER:r2:alice:", "ERROR:TOO_MANY_ROOMS:r3"), alice.summaries());
        assertEquals(2, hub.roomCount());
    }

    @Test
    void repeatedEnterAtTheRoomLimitIsNotAnError() {
        start(ChatLimits.defaults().withMaxRoomsPerConnection(2));
        RecordingConnection alice = connect("alice");
        enter(alice, "r1");
        enter(alice, "r2");

        enter(alice, "r1");

        assertEquals(List.of("ENTER:r1:alice:", "ENTER:r2:alice:"), alice.summaries());
    }

    @Test
    void leavingARoomFreesASlotUnderTheRoomLimit() {
        start(ChatLimits.defaults().withMaxRoomsPerConnection(2));
        RecordingConnection alice = connect("alice");
        enter(alice, "r1");
        enter(alice, "r2");
        leave(alice, "r1");
        alice.clear();

        enter(alice, "r3");

        assertEquals(List.of("ENTER:r3:alice:"), alice.summaries());
    }

    @Test
    void roomLimitIsPerConnection() {
        start(ChatLimits.defaults().withMaxRoomsPerConnection(1));
        RecordingConnection alice1 = connect("alice");
        RecordingConnection alice2 = connect("alice");
        enter(alice1, "r1");

        enter(alice2, "r2");

        assertEquals(List.of("ENTER:r2:alice:"), alice2.summaries());
    }

    // ---- TALK ----

    @Test
    void talkIsDeliveredToEveryMemberIncludingTheSender() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        alice.clear();
        bob.clear();

        talk(alice, ROOM, "hi");

        assertEquals(List.of("TALK:room-1:alice:hi"), alice.summaries());
        assertEquals(List.of("TALK:room-1:alice:hi"), bob.summaries());
    }

    @Test
    void talkFromANonMemberIsAnsweredNotInRoomAndNotDelivered() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(bob, ROOM);
        bob.clear();

        talk(alice, ROOM, "let me in");

        assertEquals(List.of("ERROR:NOT_IN_ROOM:room-1"), alice.summaries());
        assertEquals(List.of(), bob.summaries());
    }

    @Test
    void talkToARoomWithNoMembersIsAnsweredNotInRoom() {
        RecordingConnection alice = connect("alice");

        talk(alice, "empty", "anyone?");

        assertEquals(List.of("ERROR:NOT_IN_ROOM:empty"), alice.summaries());
        assertEquals(0, hub.roomCount());
    }

    @Test
    void userIdFieldInTheFrameIsIgnoredInFavourOfTheConnectionsUserId() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        bob.clear();

        frame(alice, "{\"type\":\"TALK\",\"roomId\":\"room-1\",\"message\":\"it's bob\",\"userId\":\"bob\"}");

        assertEquals(List.of("TALK:room-1:alice:it's bob"), bob.summaries());
    }

    @Test
    void lowercaseTypeFromTheWireIsHandled() {
        RecordingConnection alice = connect("alice");

        frame(alice, "{\"type\":\"enter\",\"roomId\":\"room-1\"}");
        frame(alice, "{\"type\":\"talk\",\"roomId\":\"room-1\",\"message\":\"quiet\"}");

        assertEquals(List.of("ENTER:room-1:alice:", "TALK:room-1:alice:quiet"), alice.summaries());
    }

    @Test
    void roomsAreIsolated() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, "r1");
        enter(bob, "r2");
        bob.clear();

        talk(alice, "r1", "only r1");
        leave(alice, "r1");

        assertEquals(List.of(), bob.summaries());
    }

    @Test
    void pingIsNeverDeliveredNorAnswered() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        alice.clear();
        bob.clear();

        hub.onFrame(alice, ClientCommand.ping());
        frame(alice, "{\"type\":\"PING\",\"roomId\":\"room-1\",\"message\":\"hello?\"}");

        assertEquals(List.of(), alice.summaries());
        assertEquals(List.of(), bob.summaries());
    }

    // ---- message length ----

    @Test
    void messageOverTheLimitIsAnsweredMessageTooLongAndNotDelivered() {
        start(ChatLimits.defaults().withMaxMessageChars(5));
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        alice.clear();
        bob.clear();

        talk(alice, ROOM, "123456");

        assertEquals(List.of("ERROR:MESSAGE_TOO_LONG:room-1"), alice.summaries());
        assertEquals(List.of(), bob.summaries());
    }

    @Test
    void messageTooLongErrorNamesTheLimit() {
        start(ChatLimits.defaults().withMaxMessageChars(5));
        RecordingConnection alice = connect("alice");
        enter(alice, ROOM);
        alice.clear();

        talk(alice, ROOM, "123456");

        assertTrue(alice.frames().get(0).get("message").asText().contains("5"), alice.summaries().toString());
    }

    @Test
    void messageOfExactlyTheMaximumIsDelivered() {
        RecordingConnection alice = connect("alice");
        enter(alice, ROOM);
        alice.clear();
        String message = "m".repeat(ChatLimits.DEFAULT_MAX_MESSAGE_CHARS);

        talk(alice, ROOM, message);

        List<JsonNode> frames = alice.frames();
        assertEquals(1, frames.size());
        assertEquals("TALK", frames.get(0).get("type").asText());
        assertEquals(message, frames.get(0).get("message").asText());
    }

    @Test
    void messageOfOneMoreThanTheDefaultMaximumIsRejected() {
        RecordingConnection alice = connect("alice");
        enter(alice, ROOM);
        alice.clear();

        talk(alice, ROOM, "m".repeat(ChatLimits.DEFAULT_MAX_MESSAGE_CHARS + 1));

        assertEquals(List.of("ERROR:MESSAGE_TOO_LONG:room-1"), alice.summaries());
    }

    @Test
    void emojiCountsAsOneCharacter() {
        start(ChatLimits.defaults().withMaxMessageChars(5));
        RecordingConnection alice = connect("alice");
        enter(alice, ROOM);
        alice.clear();
        String fiveEmoji = "\uD83D\uDE00".repeat(5); // 10 UTF-16 chars, 5 code points

        talk(alice, ROOM, fiveEmoji);

        assertEquals(List.of("TALK:room-1:alice:" + fiveEmoji), alice.summaries());
    }

    @Test
    void emojiBeyondTheLimitIsRejected() {
        start(ChatLimits.defaults().withMaxMessageChars(5));
        RecordingConnection alice = connect("alice");
        enter(alice, ROOM);
        alice.clear();

        talk(alice, ROOM, "\uD83D\uDE00".repeat(6));

        assertEquals(List.of("ERROR:MESSAGE_TOO_LONG:room-1"), alice.summaries());
    }

    // ---- LEAVE ----

    @Test
    void leaveIsDeliveredToTheRemainingMembersOnly() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        alice.clear();
        bob.clear();

        leave(alice, ROOM);

        assertEquals(List.of(), alice.summaries());
        assertEquals(List.of("LEAVE:room-1:alice:"), bob.summaries());
    }

    @Test
    void leaveFromANonMemberIsAnsweredNotInRoom() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(bob, ROOM);
        bob.clear();

        leave(alice, ROOM);

        assertEquals(List.of("ERROR:NOT_IN_ROOM:room-1"), alice.summaries());
        assertEquals(List.of(), bob.summaries());
    }

    @Test
    void talkAfterLeaveIsAnsweredNotInRoom() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        leave(alice, ROOM);
        alice.clear();
        bob.clear();

        talk(alice, ROOM, "hello?");

        assertEquals(List.of("ERROR:NOT_IN_ROOM:room-1"), alice.summaries());
        assertEquals(List.of(), bob.summaries());
    }

    @Test
    void leaverNoLongerReceivesTheRoomsTraffic() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        leave(alice, ROOM);
        alice.clear();

        talk(bob, ROOM, "bye alice");

        assertEquals(List.of(), alice.summaries());
    }

    @Test
    void lastMemberLeavingRemovesTheRoom() {
        RecordingConnection alice = connect("alice");
        enter(alice, ROOM);
        assertEquals(1, hub.roomCount());

        leave(alice, ROOM);

        assertEquals(0, hub.roomCount());
    }

    @Test
    void reEnterAfterLeaveIsDeliveredAgain() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(bob, ROOM);
        enter(alice, ROOM);
        leave(alice, ROOM);
        bob.clear();

        enter(alice, ROOM);

        assertEquals(List.of("ENTER:room-1:alice:"), bob.summaries());
    }

    // ---- identity ----

    @Test
    void twoConnectionsOfOneUserAreIndependentMembers() {
        RecordingConnection tab1 = connect("alice");
        RecordingConnection tab2 = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(tab1, ROOM);
        enter(tab2, ROOM);
        enter(bob, ROOM);
        leave(tab1, ROOM);
        tab1.clear();
        tab2.clear();

        talk(bob, ROOM, "who is here?");
        talk(tab2, ROOM, "me");
        talk(tab1, ROOM, "me too");

        assertEquals(List.of("TALK:room-1:bob:who is here?", "TALK:room-1:alice:me"), tab2.summaries());
        assertEquals(List.of("ERROR:NOT_IN_ROOM:room-1"), tab1.summaries());
    }

    @Test
    void enterOfASecondConnectionOfTheSameUserIsDelivered() {
        RecordingConnection tab1 = connect("alice");
        RecordingConnection tab2 = connect("alice");
        enter(tab1, ROOM);

        enter(tab2, ROOM);

        assertEquals(List.of("ENTER:room-1:alice:", "ENTER:room-1:alice:"), tab1.summaries());
        assertEquals(List.of("ENTER:room-1:alice:"), tab2.summaries());
    }

    // ---- invalid frames ----

    @Test
    void invalidFrameIsAnsweredWithItsErrorFrameToTheSenderOnly() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        alice.clear();
        bob.clear();
        InvalidFrame invalid = new InvalidFrame(ErrorCode.BAD_JSON, "message must be a string", ROOM);

        hub.onFrame(alice, invalid);

        List<RecordingConnection.Event> events = alice.events();
        assertEquals(1, events.size());
        assertEquals(codec.encode(invalid.toErrorFrame()), ((RecordingConnection.Sent) events.get(0)).frame().json());
        assertEquals(List.of(), bob.summaries());
    }

    @Test
    void notJsonFromTheWireIsAnsweredBadJsonWithoutRoom() {
        RecordingConnection alice = connect("alice");

        frame(alice, "hello");

        assertEquals(List.of("ERROR:BAD_JSON:-"), alice.summaries());
    }

    @Test
    void unknownTypeFromTheWireIsAnsweredBadType() {
        RecordingConnection alice = connect("alice");

        frame(alice, "{\"type\":\"SHUTDOWN\",\"roomId\":\"room-1\"}");

        assertEquals(List.of("ERROR:BAD_TYPE:-"), alice.summaries());
    }

    @Test
    void badRoomFromTheWireIsAnsweredBadRoomAndJoinsNothing() {
        RecordingConnection alice = connect("alice");

        frame(alice, "{\"type\":\"ENTER\",\"roomId\":\"no spaces\"}");

        assertEquals(List.of("ERROR:BAD_ROOM:-"), alice.summaries());
        assertEquals(0, hub.roomCount());
    }

    @Test
    void connectionStaysUsableAfterAnError() {
        RecordingConnection alice = connect("alice");
        frame(alice, "[]");

        enter(alice, ROOM);

        assertEquals(List.of("ERROR:BAD_JSON:-", "ENTER:room-1:alice:"), alice.summaries());
        assertEquals(List.of(), alice.closes());
    }

    // ---- connections ----

    @Test
    void openRegistersTheConnection() {
        connect("alice");
        connect("alice");

        assertEquals(2, hub.connectionCount());
    }

    @Test
    void framesOfAConnectionThatWasNeverOpenedAreIgnored() {
        RecordingConnection stranger = new RecordingConnection("mallory");
        RecordingConnection bob = connect("bob");
        enter(bob, ROOM);
        bob.clear();

        hub.onFrame(stranger, ClientCommand.enter(ROOM));
        hub.onFrame(stranger, ClientCommand.talk(ROOM, "hi"));

        assertEquals(List.of(), stranger.summaries());
        assertEquals(List.of(), bob.summaries());
    }

    @Test
    void disconnectDeliversOneLeavePerRoomTheConnectionWasIn() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        RecordingConnection carol = connect("carol");
        enter(alice, "r1");
        enter(alice, "r2");
        enter(alice, "r3");
        enter(bob, "r1");
        enter(carol, "r2");
        bob.clear();
        carol.clear();

        hub.onClose(alice);

        assertEquals(List.of("LEAVE:r1:alice:"), bob.summaries());
        assertEquals(List.of("LEAVE:r2:alice:"), carol.summaries());
    }

    @Test
    void disconnectLeavesNoStateBehind() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, "r1");
        enter(alice, "r2");
        enter(bob, "r2");

        hub.onClose(alice);
        hub.onClose(bob);

        assertEquals(0, hub.connectionCount());
        assertEquals(0, hub.roomCount());
    }

    @Test
    void disconnectRemovesOnlyThatConnection() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);

        hub.onClose(alice);

        assertEquals(1, hub.connectionCount());
        assertEquals(1, hub.roomCount());
    }

    @Test
    void onCloseTwiceDeliversLeaveOnce() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        bob.clear();

        hub.onClose(alice);
        hub.onClose(alice);

        assertEquals(List.of("LEAVE:room-1:alice:"), bob.summaries());
        assertEquals(1, hub.connectionCount());
    }

    @Test
    void onCloseOfAnUnknownConnectionIsHarmless() {
        RecordingConnection bob = connect("bob");
        enter(bob, ROOM);
        bob.clear();

        hub.onClose(new RecordingConnection("ghost"));

        assertEquals(List.of(), bob.summaries());
        assertEquals(1, hub.connectionCount());
    }

    @Test
    void framesAfterCloseAreIgnored() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        hub.onClose(alice);
        alice.clear();
        bob.clear();

        talk(alice, ROOM, "ghost talk");
        enter(alice, "r2");

        assertEquals(List.of(), bob.summaries());
        assertEquals(List.of(), alice.summaries());
        assertEquals(1, hub.roomCount());
    }

    @Test
    void disconnectedMemberReceivesNothingMore() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        hub.onClose(alice);
        alice.clear();

        talk(bob, ROOM, "alice?");

        assertEquals(List.of(), alice.summaries());
    }

    // ---- ordering ----

    @Test
    void everyMemberSeesTheSameOrderWhenManyThreadsTalkInOneRoom() throws Exception {
        start(ChatLimits.defaults().withRateBurst(1_000_000)); // a flood on purpose
        int threads = 8;
        int perThread = 500;
        List<RecordingConnection> members = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            RecordingConnection c = connect("user" + t);
            enter(c, ROOM);
            members.add(c);
        }
        RecordingConnection listener = connect("listener");
        enter(listener, ROOM);
        members.add(listener);
        members.forEach(RecordingConnection::clear);
        executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            RecordingConnection sender = members.get(t);
            done.add(executor.submit(() -> {
                assertTrue(start.await(5, TimeUnit.SECONDS));
                for (int i = 0; i < perThread; i++) {
                    talk(sender, ROOM, Integer.toString(i));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }

        List<String> reference = listener.summaries();
        assertEquals(threads * perThread, reference.size());
        for (RecordingConnection member : members) {
            assertEquals(reference, member.summaries(), "sequence of " + member);
        }
        Map<String, Integer> last = new HashMap<>();
        for (String line : reference) {
            String[] parts = line.split(":");
            int i = Integer.parseInt(parts[3]);
            assertEquals(last.getOrDefault(parts[2], -1) + 1, i, "order of " + parts[2]);
            last.put(parts[2], i);
        }
    }

    @Test
    void commandsOfOneConnectionAreHandledInOrder() {
        RecordingConnection alice = connect("alice");

        enter(alice, ROOM);
        talk(alice, ROOM, "1");
        talk(alice, ROOM, "2");
        leave(alice, ROOM);
        talk(alice, ROOM, "3");

        assertEquals(List.of("ENTER:room-1:alice:", "TALK:room-1:alice:1", "TALK:room-1:alice:2",
                "ERROR:NOT_IN_ROOM:room-1"), alice.summaries());
    }

    @Test
    void limitsAreExposed() {
        ChatLimits limits = ChatLimits.defaults().withMaxRoomsPerConnection(3);
        start(limits);
        assertEquals(limits, hub.limits());
    }

    @Test
    void openedConnectionIsNotClosedByTheHub() {
        RecordingConnection alice = connect("alice");
        enter(alice, ROOM);
        talk(alice, ROOM, "hi");
        assertFalse(alice.events().stream().anyMatch(e -> e instanceof RecordingConnection.Closed));
    }

    @Test
    void concurrentAdmissionsNeverPassMaxConnections() throws Exception {
        ExecutorService admitters = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                InProcessBroker broker = new InProcessBroker();
                ChatHub hub = new ChatHub(broker, ChatLimits.defaults().withMaxConnections(10)
                        .withMaxConnectionsPerUser(1_000), Clock.systemUTC());
                broker.start(hub);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> accepted = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    accepted.add(admitters.submit(() -> {
                        go.await();
                        int n = 0;
                        for (int i = 0; i < 5; i++) {
                            n += hub.open(new RecordingConnection("user")) ? 1 : 0;
                        }
                        return n;
                    }));
                }
                go.countDown();
                int total = 0;
                for (Future<Integer> f : accepted) {
                    total += f.get(10, TimeUnit.SECONDS);
                }
                assertEquals(10, total, "round " + round);
                assertEquals(10, hub.connectionCount(), "round " + round);
                broker.close();
            }
        } finally {
            admitters.shutdownNow();
        }
    }

    @Test
    void aClosedConnectionGivesItsPlaceBack() {
        InProcessBroker broker = new InProcessBroker();
        ChatHub hub = new ChatHub(broker, ChatLimits.defaults().withMaxConnections(1), Clock.systemUTC());
        broker.start(hub);
        RecordingConnection first = new RecordingConnection("alice");
        assertTrue(hub.open(first));
        assertEquals(Admission.SERVER_FULL, hub.admit(new RecordingConnection("bob")));

        hub.onClose(first);

        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("bob")));
        broker.close();
    }

    @Test
    void anEnterThatWouldOpenARoomPastMaxRoomsIsRefusedAndCounted() {
        InProcessBroker broker = new InProcessBroker();
        List<Limit> reached = new ArrayList<>();
        ChatHub hub = new ChatHub(broker, ChatLimits.defaults().withMaxRooms(2), Clock.systemUTC(), Runnable::run,
                new ChatEvents() {
                    @Override
                    public void limitReached(Limit limit) {
                        reached.add(limit);
                    }
                });
        broker.start(hub);
        ChatCodec codec = new ChatCodec();
        RecordingConnection alice = new RecordingConnection("alice");
        RecordingConnection bob = new RecordingConnection("bob");
        assertTrue(hub.open(alice));
        assertTrue(hub.open(bob));
        hub.onFrame(alice, codec.decodeClient("{\"type\":\"ENTER\",\"roomId\":\"a\"}"));
        hub.onFrame(alice, codec.decodeClient("{\"type\":\"ENTER\",\"roomId\":\"b\"}"));

        hub.onFrame(bob, codec.decodeClient("{\"type\":\"ENTER\",\"roomId\":\"c\"}"));
        hub.onFrame(bob, codec.decodeClient("{\"type\":\"ENTER\",\"roomId\":\"a\"}"));
        hub.onFrame(bob, codec.decodeClient("{\"type\":\"TALK\",\"roomId\":\"c\",\"message\":\"x\"}"));

        assertEquals(List.of("ERROR:TOO_MANY_ROOMS:c", "ENTER:a:bob:", "ERROR:NOT_IN_ROOM:c"), bob.summaries());
        assertEquals(2, hub.roomCount());
        assertEquals(List.of(Limit.SERVER_ROOMS), reached);
        broker.close();
    }
}
