package chat.core.hub;

import chat.core.access.AccessDecision;
import chat.core.access.AccessRequest;
import chat.core.access.RoomAccess;
import chat.core.access.RoomAction;
import chat.core.access.RoomGrants;
import chat.core.broker.inprocess.InProcessBroker;
import chat.core.events.ChatEvents;
import chat.core.protocol.ClientCommand;
import chat.core.testing.RecordingConnection;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Room access through a real {@link ChatHub} on the in-process broker: ENTER and HISTORY are decided
 * before anything about the room reaches the connection; a refusal is {@code FORBIDDEN}, an
 * undecidable request {@code UNAVAILABLE}; direct-message rooms belong to their two users whatever
 * the deployment's decider says; a pending decision holds only its connection's later commands.
 */
class ChatHubRoomAccessTest extends HubTestSupport<InProcessBroker> {
    private static final String SECRET = "secret";

    /** The decision per room id; rooms not named are allowed. */
    private final Map<String, Function<AccessRequest, CompletableFuture<AccessDecision>>> decisions =
            new ConcurrentHashMap<>();
    private final List<AccessRequest> asked = new CopyOnWriteArrayList<>();
    private final List<String> decided = new CopyOnWriteArrayList<>();
    private RoomAccess access = request -> {
        asked.add(request);
        var decision = decisions.get(request.roomId());
        return decision == null ? CompletableFuture.completedFuture(AccessDecision.ALLOWED) : decision.apply(request);
    };

    ChatHubRoomAccessTest() {
        super(new InProcessBroker());
    }

    @Override
    protected RoomAccess roomAccess() {
        return access;
    }

    @Override
    protected ChatEvents events() {
        return new ChatEvents() {
            @Override
            public void roomAccessDecided(RoomAction action, AccessDecision decision) {
                decided.add(action + ":" + decision.getClass().getSimpleName());
            }
        };
    }

    private void forbidFor(String room, String userId) {
        decisions.put(room, request -> CompletableFuture.completedFuture(request.userId().equals(userId)
                ? AccessDecision.forbidden("members of the board only") : AccessDecision.ALLOWED));
    }

    @Test
    void aForbiddenEnterWithLastSeqZeroGetsOnlyTheRefusalAndTheRoomNeverHearsOfIt() {
        forbidFor(SECRET, "mallory");
        RecordingConnection alice = connect("alice");
        enter(alice, SECRET);
        talk(alice, SECRET, "the plan");
        talk(alice, SECRET, "the date");
        RecordingConnection mallory = connect("mallory");
        alice.clear();

        hub().onFrame(mallory, ClientCommand.resume(SECRET, 0));

        assertEquals(List.of("ERROR:FORBIDDEN:secret:members of the board only"), errors(mallory));
        assertEquals(1, mallory.frames().size(), "frames: " + mallory.summaries());
        talk(alice, SECRET, "still private");
        assertEquals(1, mallory.frames().size(), "mallory is not a member: " + mallory.summaries());
        assertEquals(List.of("TALK"), types(alice), "alice saw no ENTER of mallory: " + alice.summaries());
        talk(mallory, SECRET, "let me in");
        assertEquals("NOT_IN_ROOM", mallory.frames().get(1).path("code").asText());
        assertTrue(decided.contains("ENTER:Forbidden"), "decisions reported: " + decided);
    }

    @Test
    void historyOfARoomThatIsForbiddenIsForbiddenEvenForANonMember() {
        forbidFor(SECRET, "mallory");
        RecordingConnection mallory = connect("mallory");
        frame(mallory, "{\"type\":\"HISTORY\",\"roomId\":\"secret\"}");
        assertEquals(List.of("ERROR:FORBIDDEN:secret:members of the board only"), errors(mallory));
        assertEquals(RoomAction.HISTORY, asked.get(asked.size() - 1).action());

        frame(mallory, "{\"type\":\"HISTORY\",\"roomId\":\"lobby\"}");
        assertEquals("NOT_IN_ROOM", mallory.frames().get(1).path("code").asText(),
                "an allowed room's history still needs membership");
    }

    @Test
    void aDeciderThatFailsOrThrowsAnswersUnavailableAndTheConnectionGoesOn() {
        decisions.put("down", request -> CompletableFuture.failedFuture(new IllegalStateException("callback down")));
        decisions.put("buggy", request -> {
            throw new IllegalStateException("a bug in the decider");
        });
        decisions.put("busy", request -> CompletableFuture.completedFuture(AccessDecision.unavailable("busy")));
        RecordingConnection alice = connect("alice");
        enter(alice, "down");
        enter(alice, "buggy");
        enter(alice, "busy");
        enter(alice, "lobby");
        List<JsonNode> frames = alice.frames();
        assertEquals(4, frames.size(), alice.summaries().toString());
        for (int i = 0; i < 3; i++) {
            assertEquals("UNAVAILABLE", frames.get(i).path("code").asText(), alice.summaries().toString());
        }
        assertTrue(frames.get(2).path("message").asText().endsWith("busy"), frames.get(2).toString());
        assertEquals("ENTER", frames.get(3).path("type").asText());
    }

    @Test
    void whileADecisionIsPendingOtherRoomsTrafficArrivesAndTheConnectionsLaterCommandsWait() {
        CompletableFuture<AccessDecision> pending = new CompletableFuture<>();
        decisions.put("slow", request -> pending);
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, "lobby");
        enter(bob, "lobby");
        enter(bob, "slow");
        talk(bob, "lobby", "after the slow enter");
        talk(alice, "lobby", "meanwhile");
        assertEquals(List.of("ENTER:lobby:bob:", "TALK:lobby:alice:meanwhile"), bob.summaries().subList(
                bob.summaries().size() - 2, bob.summaries().size()), "alice's TALK reached bob: " + bob.summaries());
        assertTrue(alice.summaries().stream().noneMatch(line -> line.startsWith("TALK:lobby:bob:")),
                "bob's TALK waits behind his ENTER: " + alice.summaries());

        pending.complete(AccessDecision.ALLOWED);
        List<String> last = bob.summaries().subList(bob.summaries().size() - 2, bob.summaries().size());
        assertEquals(List.of("ENTER:slow:bob:", "TALK:lobby:bob:after the slow enter"), last);
    }

    @Test
    void aDirectMessageRoomBelongsToItsTwoUsersWhateverTheDeploymentsDeciderSays() {
        access = RoomAccess.byToken(); // no grants: no room but direct-message rooms
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        RecordingConnection carol = connect("carol");
        enter(alice, "dm:alice:bob");
        enter(bob, "dm:alice:bob");
        talk(alice, "dm:alice:bob", "hi bob");
        assertEquals("TALK:dm:alice:bob:alice:hi bob", bob.summaries().get(bob.summaries().size() - 1));

        enter(carol, "dm:alice:bob");
        frame(carol, "{\"type\":\"HISTORY\",\"roomId\":\"dm:alice:bob\"}");
        enter(alice, "dm:bob:alice");
        enter(alice, "dm:alice:alice");
        enter(alice, "lobby");
        assertEquals(List.of("ERROR:FORBIDDEN:dm:alice:bob:a direct-message room of two other users",
                "ERROR:FORBIDDEN:dm:alice:bob:a direct-message room of two other users"), errors(carol));
        List<String> aliceErrors = errors(alice);
        assertEquals(3, aliceErrors.size(), aliceErrors.toString());
        assertTrue(aliceErrors.get(0).startsWith("ERROR:FORBIDDEN:dm:bob:alice:")
                && aliceErrors.get(0).endsWith("dm:alice:bob"), aliceErrors.get(0));
        assertTrue(aliceErrors.get(1).startsWith("ERROR:FORBIDDEN:dm:alice:alice:"), aliceErrors.get(1));
        assertEquals("ERROR:FORBIDDEN:lobby:your token does not grant this room", aliceErrors.get(2));
    }

    @Test
    void tokenGrantsAdmitExactRoomsAndPrefixes() {
        access = RoomAccess.byToken();
        RoomGrants grants = ((RoomGrants.Valid) RoomGrants.parse(List.of("lobby", "team-42:*"))).grants();
        RecordingConnection alice = new RecordingConnection("alice");
        assertEquals(Admission.ACCEPTED, hub().admit(alice, null, grants));
        for (String room : List.of("lobby", "team-42:general", "team-42:", "lobby2", "team-43:general", "team-42")) {
            enter(alice, room);
        }
        assertEquals(List.of("ENTER:lobby:alice:", "ENTER:team-42:general:alice:", "ENTER:team-42::alice:"),
                alice.summaries().stream().filter(line -> line.startsWith("ENTER")).toList());
        assertEquals(List.of("ERROR:FORBIDDEN:lobby2:your token does not grant this room",
                "ERROR:FORBIDDEN:team-43:general:your token does not grant this room",
                "ERROR:FORBIDDEN:team-42:your token does not grant this room"), errors(alice));
    }

    /** The connection's ERROR frames as {@code ERROR:code:roomId:message}. */
    private static List<String> errors(RecordingConnection connection) {
        return connection.framesOfType("ERROR").stream().map(frame -> "ERROR:" + frame.path("code").asText() + ":"
                + frame.path("roomId").asText() + ":" + frame.path("message").asText()).toList();
    }

    private static List<String> types(RecordingConnection connection) {
        return connection.frames().stream().map(frame -> frame.path("type").asText()).toList();
    }
}
