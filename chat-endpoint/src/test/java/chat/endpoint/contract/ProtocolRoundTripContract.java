package chat.endpoint.contract;

import chat.core.hub.ChatHub;
import chat.core.hub.ChatLimits;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat protocol's round trips (README, Protocol) through a real container and real clients,
 * whatever the container. A subclass deploys {@code ChatEndpoint} in its container with a hub
 * running {@link #LIMITS}, once for the class, and tells where it listens:
 *
 * <pre>{@code
 * class MyContainerRoundTripTest extends ProtocolRoundTripContract {
 *     @BeforeAll static void start() { ... deploy with a ChatHub of ProtocolRoundTripContract.LIMITS ... }
 *     @AfterAll static void stop() { ... }
 *     @Override protected URI chatUri() { return URI.create("ws://127.0.0.1:" + port + "/ws/chat"); }
 *     @Override protected ChatHub hub() { return hub; }
 * }
 * }</pre>
 *
 * <p>After each test every client is closed and the hub must be left without connections or rooms.
 */
public abstract class ProtocolRoundTripContract {
    /** Rooms one connection may be in on the server under test. */
    protected static final int MAX_ROOMS = 5;
    /**
     * The limits the server under test runs with: few rooms per connection, and flood control out
     * of the way (these tests send bursts on purpose; flood control has its own tests).
     */
    public static final ChatLimits LIMITS = ChatLimits.defaults().withMaxRoomsPerConnection(MAX_ROOMS)
            .withRateBurst(1_000_000).withRatePerSecond(1_000_000);

    private final TestClients clients = new TestClients();

    /** The chat endpoint, such as {@code ws://127.0.0.1:PORT/ws/chat}, on a loopback address. */
    protected abstract URI chatUri();

    /** The hub behind {@link #chatUri()}, for its connection and room counts. */
    protected abstract ChatHub hub();

    @AfterEach
    void closeClientsAndCheckNothingIsLeft() {
        clients.close();
        Await.until(() -> hub().connectionCount() == 0,
                () -> hub().connectionCount() + " connections still registered");
        Await.until(() -> hub().roomCount() == 0, () -> hub().roomCount() + " rooms still registered");
    }

    private TestClient connect(String userId) {
        return clients.connect(chatUri(), userId);
    }

    private TestClient connectAndEnter(String userId, String roomId) {
        TestClient c = connect(userId);
        c.enter(roomId);
        c.expect("ENTER", roomId, userId);
        return c;
    }

    // --- handshake

    @Test
    void missingUserIdIsClosedWith1008AndNeverRegistered() {
        TestClient c = connect(null);
        CloseReason reason = c.awaitClose();
        assertEquals(1008, reason.getCloseCode().getCode());
        assertTrue(reason.getReasonPhrase().contains("userId is required"), reason.getReasonPhrase());
        assertEquals(0, hub().connectionCount());
    }

    @Test
    void invalidUserIdIsClosedWith1008SayingWhatIsWrong() {
        assertRefused("bob smith", "may contain only");
        assertRefused("x".repeat(65), "at most 64");
        assertRefused("SYSTEM", "reserved");
        assertEquals(0, hub().connectionCount());
    }

    @Test
    void urlEncodedUserIdIsDecodedBeforeValidation() {
        TestClient c = connectAndEnter("ann@example.com", "enc-room");
        c.talk("enc-room", "hi");
        c.expect("TALK", "enc-room", "ann@example.com");
    }

    @Test
    void userIdGivenTwiceIsRefused() {
        TestClient c = clients.connectRaw(URI.create(chatUri() + "?userId=a&userId=b"), "twice");
        assertEquals(1008, c.awaitClose().getCloseCode().getCode());
    }

    private void assertRefused(String userId, String reasonPart) {
        TestClient c = connect(userId);
        CloseReason reason = c.awaitClose();
        assertEquals(1008, reason.getCloseCode().getCode(), "close code for " + userId);
        assertTrue(reason.getReasonPhrase().contains(reasonPart), reason.getReasonPhrase());
    }

    // --- room traffic

    @Test
    void enterAndTalkRoundTripBetweenTwoUsers() {
        TestClient alice = connectAndEnter("alice", "rt");
        TestClient bob = connectAndEnter("bob", "rt");
        alice.expect("ENTER", "rt", "bob");

        alice.talk("rt", "hello bob");
        JsonNode atBob = bob.expect("TALK", "rt", "alice");
        assertEquals("hello bob", atBob.path("message").asText());
        assertTrue(atBob.path("ts").asLong() > 1_600_000_000_000L, "ts is epoch ms: " + atBob);

        alice.expect("TALK", "rt", "alice"); // her own echo comes first
        bob.talk("rt", "hello alice");
        assertEquals("hello alice", alice.expect("TALK", "rt", "bob").path("message").asText());
    }

    @Test
    void senderReceivesItsOwnTalk() {
        TestClient alice = connectAndEnter("alice", "echo");
        alice.talk("echo", "me too");
        assertEquals("me too", alice.expect("TALK", "echo", "alice").path("message").asText());
    }

    @Test
    void roomsAreIsolated() {
        TestClient inA = connectAndEnter("a-user", "room-a");
        TestClient inB = connectAndEnter("b-user", "room-b");
        inA.talk("room-a", "only for a");
        inA.expect("TALK", "room-a", "a-user");
        inB.talk("room-b", "only for b");
        inB.expect("TALK", "room-b", "b-user");
        // had room-a traffic leaked to inB, it would have arrived before inB's own TALK
        inA.talk("room-a", "barrier");
        inA.expect("TALK", "room-a", "a-user");
        assertEquals(0, inB.pending());
    }

    @Test
    void spoofedUserIdIsReplacedByTheConnections() {
        TestClient mallory = connectAndEnter("mallory", "spoof");
        TestClient victim = connectAndEnter("victim", "spoof");
        mallory.expect("ENTER", "spoof", "victim");
        mallory.send("{\"type\":\"TALK\",\"roomId\":\"spoof\",\"userId\":\"victim\",\"message\":\"I am victim\"}");
        victim.expect("TALK", "spoof", "mallory");
    }

    @Test
    void typeIsCaseInsensitiveAndUnknownFieldsAreIgnored() {
        TestClient c = connect("casey");
        c.send("{\"type\":\"enter\",\"roomId\":\"case\",\"color\":\"blue\"}");
        c.expect("ENTER", "case", "casey");
        c.send("{\"type\":\"Talk\",\"roomId\":\"case\",\"message\":\"x\",\"extra\":{\"a\":[1,2]}}");
        c.expect("TALK", "case", "casey");
    }

    @Test
    void repeatedEnterIsNotResent() {
        TestClient alice = connectAndEnter("alice", "again");
        TestClient bob = connectAndEnter("bob", "again");
        alice.expect("ENTER", "again", "bob");
        bob.enter("again");
        bob.talk("again", "after second enter");
        alice.expect("TALK", "again", "bob");
        bob.expect("TALK", "again", "bob");
    }

    @Test
    void pingIsNeitherDeliveredNorAnswered() {
        TestClient alice = connectAndEnter("alice", "ping");
        TestClient bob = connectAndEnter("bob", "ping");
        alice.expect("ENTER", "ping", "bob");
        bob.send("{\"type\":\"PING\"}");
        bob.send("{\"type\":\"PING\",\"roomId\":\"ping\"}");
        bob.talk("ping", "after pings");
        alice.expect("TALK", "ping", "bob");
        bob.expect("TALK", "ping", "bob");
    }

    @Test
    void explicitLeaveIsDeliveredToTheRemainingMembers() {
        TestClient alice = connectAndEnter("alice", "bye");
        TestClient bob = connectAndEnter("bob", "bye");
        alice.expect("ENTER", "bye", "bob");
        bob.send("LEAVE", "bye", "");
        alice.expect("LEAVE", "bye", "bob");
        bob.talk("bye", "still here?");
        bob.expectError("NOT_IN_ROOM");
        assertEquals(0, alice.pending());
    }

    @Test
    void closingTheConnectionDeliversOneLeavePerRoom() {
        TestClient alice = connectAndEnter("alice", "close-1");
        alice.enter("close-2");
        alice.expect("ENTER", "close-2", "alice");
        TestClient bob = connectAndEnter("bob", "close-1");
        bob.enter("close-2");
        bob.expect("ENTER", "close-2", "bob");
        alice.expect("ENTER", "close-1", "bob");
        alice.expect("ENTER", "close-2", "bob");

        bob.close();
        JsonNode first = alice.next();
        JsonNode second = alice.next();
        assertEquals("LEAVE", first.path("type").asText());
        assertEquals("LEAVE", second.path("type").asText());
        assertEquals(Set.of("close-1", "close-2"),
                Set.of(first.path("roomId").asText(), second.path("roomId").asText()));
        alice.talk("close-1", "barrier");
        alice.expect("TALK", "close-1", "alice");
    }

    @Test
    void abruptDisconnectDeliversLeave() throws IOException {
        TestClient alice = connectAndEnter("alice", "reset");
        RawWebSocket raw = RawWebSocket.connect(chatUri(), "?userId=crasher");
        raw.sendText("{\"type\":\"ENTER\",\"roomId\":\"reset\"}");
        alice.expect("ENTER", "reset", "crasher");
        raw.reset();
        alice.expect("LEAVE", "reset", "crasher");
    }

    @Test
    void twoConnectionsOfOneUserAreIndependentMembers() {
        TestClient tab1 = connectAndEnter("sam", "tabs");
        TestClient tab2 = connectAndEnter("sam", "tabs");
        tab1.expect("ENTER", "tabs", "sam");
        TestClient other = connectAndEnter("other", "tabs");
        tab1.expect("ENTER", "tabs", "other");
        tab2.expect("ENTER", "tabs", "other");

        other.talk("tabs", "to both tabs");
        tab1.expect("TALK", "tabs", "other");
        tab2.expect("TALK", "tabs", "other");

        tab1.close();
        other.expect("TALK", "tabs", "other");
        other.expect("LEAVE", "tabs", "sam");
        tab2.expect("LEAVE", "tabs", "sam");
        other.talk("tabs", "tab2 still gets this");
        tab2.expect("TALK", "tabs", "other");
    }

    @Test
    void burstOfOneThousandTalksArrivesInOrder() {
        TestClient sender = connectAndEnter("burst-sender", "burst");
        TestClient receiver = connectAndEnter("burst-receiver", "burst");
        sender.expect("ENTER", "burst", "burst-receiver");
        sender.send("{\"type\":\"ENTER\",\"roomId\":\"burst-2\"}");
        for (int i = 0; i < 1000; i++) {
            sender.talk("burst", "m" + i);
        }
        sender.expect("ENTER", "burst-2", "burst-sender");
        for (int i = 0; i < 1000; i++) {
            assertEquals("m" + i, receiver.expect("TALK", "burst", "burst-sender").path("message").asText());
            assertEquals("m" + i, sender.expect("TALK", "burst", "burst-sender").path("message").asText());
        }
    }

    @Test
    void enterFollowedAtOnceByTalkDeliversBoth() {
        TestClient c = connect("quick");
        c.send("{\"type\":\"ENTER\",\"roomId\":\"quick\"}");
        c.send("{\"type\":\"TALK\",\"roomId\":\"quick\",\"message\":\"right away\"}");
        c.expect("ENTER", "quick", "quick");
        c.expect("TALK", "quick", "quick");
    }

    // --- errors: to the sender alone, connection stays open

    @Test
    void malformedJsonGetsBadJson() {
        TestClient c = connect("bad-json");
        c.send("{not json");
        assertTrue(c.expectError("BAD_JSON").path("message").asText().contains("JSON"));
        c.send("[1,2,3]");
        c.expectError("BAD_JSON");
        assertStillServes(c);
    }

    @Test
    void unknownOrMissingTypeGetsBadType() {
        TestClient c = connect("bad-type");
        c.send("{\"type\":\"DANCE\",\"roomId\":\"r\"}");
        c.expectError("BAD_TYPE");
        c.send("{\"roomId\":\"r\"}");
        c.expectError("BAD_TYPE");
        c.send("{\"type\":\"SHUTDOWN\"}");
        c.expectError("BAD_TYPE");
        assertStillServes(c);
    }

    @Test
    void missingOrInvalidRoomGetsBadRoom() {
        TestClient c = connect("bad-room");
        c.send("{\"type\":\"ENTER\"}");
        c.expectError("BAD_ROOM");
        c.send("{\"type\":\"ENTER\",\"roomId\":\"has space\"}");
        c.expectError("BAD_ROOM");
        c.send("{\"type\":\"ENTER\",\"roomId\":\"" + "r".repeat(129) + "\"}");
        c.expectError("BAD_ROOM");
        assertStillServes(c);
    }

    @Test
    void talkOutsideTheRoomGetsNotInRoomWithTheRoomId() {
        TestClient c = connect("outsider");
        c.talk("elsewhere", "hi");
        assertEquals("elsewhere", c.expectError("NOT_IN_ROOM").path("roomId").asText());
        c.send("LEAVE", "elsewhere", "");
        c.expectError("NOT_IN_ROOM");
        assertStillServes(c);
    }

    @Test
    void enteringMoreRoomsThanTheLimitGetsTooManyRooms() {
        TestClient c = connect("collector");
        for (int i = 0; i < MAX_ROOMS; i++) {
            c.enter("many-" + i);
            c.expect("ENTER", "many-" + i, "collector");
        }
        c.enter("one-too-many");
        assertEquals("one-too-many", c.expectError("TOO_MANY_ROOMS").path("roomId").asText());
        c.send("LEAVE", "many-0", "");
        c.enter("one-too-many");
        c.expect("ENTER", "one-too-many", "collector");
    }

    @Test
    void overlongMessageGetsMessageTooLongAndIsNotDelivered() {
        TestClient c = connectAndEnter("talker", "long");
        TestClient listener = connectAndEnter("listener", "long");
        c.expect("ENTER", "long", "listener");
        c.talk("long", "x".repeat(8193));
        assertEquals("long", c.expectError("MESSAGE_TOO_LONG").path("roomId").asText());
        c.talk("long", "y".repeat(8192));
        assertEquals(8192, listener.expect("TALK", "long", "talker").path("message").asText().length());
    }

    @Test
    void errorsGoToTheSenderAlone() {
        TestClient sender = connectAndEnter("err-sender", "err");
        TestClient other = connectAndEnter("err-other", "err");
        sender.expect("ENTER", "err", "err-other");
        sender.send("garbage");
        sender.expectError("BAD_JSON");
        sender.talk("err", "barrier");
        other.expect("TALK", "err", "err-sender");
    }

    @Test
    void aTalkWithALoneSurrogateIsRefusedAndTheRoomKeepsTalking() {
        TestClient sender = connectAndEnter("surrogate-sender", "surrogates");
        TestClient member = connectAndEnter("surrogate-member", "surrogates");
        sender.expect("ENTER", "surrogates", "surrogate-member");
        // valid JSON in valid UTF-8, but no text: a container's UTF-8 encoder cannot write it back
        sender.send("{\"type\":\"TALK\",\"roomId\":\"surrogates\",\"message\":\"\\ud800 x\"}");
        assertEquals("surrogates", sender.expectError("BAD_JSON").path("roomId").asText());
        sender.send("{\"type\":\"ENTER\",\"roomId\":\"r\\udc00\"}");
        assertTrue(sender.expectError("BAD_ROOM").path("message").asText().contains("r\\uDC00"));

        sender.talk("surrogates", "after");
        assertEquals("after", member.expect("TALK", "surrogates", "surrogate-sender").path("message").asText());
        assertEquals("after", sender.expect("TALK", "surrogates", "surrogate-sender").path("message").asText());
        TestClient newcomer = connect("surrogate-newcomer");
        newcomer.send("{\"type\":\"ENTER\",\"roomId\":\"surrogates\",\"lastSeq\":0}");
        assertEquals("after", newcomer.expect("TALK", "surrogates", "surrogate-sender").path("message").asText());
        newcomer.expect("ENTER", "surrogates", "surrogate-newcomer");
    }

    private void assertStillServes(TestClient c) {
        String room = "still-" + System.nanoTime();
        c.enter(room);
        c.next(); // its ENTER echo
        assertTrue(c.isOpen());
    }

    // --- frames the protocol does not take

    @Test
    void frameOverSixtyFourKibIsClosedWith1009() throws IOException {
        // a raw socket: the server closes while the frame is still being written, which a client
        // library may report as its own failure
        try (RawWebSocket raw = RawWebSocket.connect(chatUri(), "?userId=big")) {
            try {
                raw.sendText("{\"type\":\"TALK\",\"roomId\":\"big\",\"message\":\"" + "z".repeat(70_000) + "\"}");
            } catch (IOException closedWhileWriting) {
                // expected at times: the close frame is still there to read
            }
            assertEquals(1009, raw.readCloseCode());
        }
    }

    @Test
    void frameOfExactlySixtyFourKibIsReadAndAnswered() throws IOException {
        String prefix = "{\"type\":\"TALK\",\"roomId\":\"edge\",\"message\":\"";
        String frame = prefix + "e".repeat(65_536 - prefix.length() - 2) + "\"}";
        assertEquals(65_536, frame.length());
        TestClient c = connect("edge");
        c.send(frame);
        c.expectError("MESSAGE_TOO_LONG");
        assertTrue(c.isOpen());
    }

    @Test
    void binaryFrameIsClosedWith1003() throws IOException {
        TestClient c = connect("binary");
        c.sendBinary(new byte[] {1, 2, 3});
        CloseReason reason = c.awaitClose();
        assertEquals(1003, reason.getCloseCode().getCode());
        assertTrue(reason.getReasonPhrase().contains("text"), reason.getReasonPhrase());
    }
}
