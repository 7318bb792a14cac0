package chat.core.hub;

import chat.core.broker.inprocess.InProcessBroker;
import chat.core.hooks.ChatHooks;
import chat.core.hooks.ChatObserver;
import chat.core.hooks.TalkFilter;
import chat.core.hooks.TalkVerdict;
import chat.core.protocol.ClientCommand;
import chat.core.testing.RecordingConnection;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application's hooks through a real {@link ChatHub} on the in-process broker: a TALK filter
 * that rejects, replaces, fails or takes its time, and an observer told of every ENTER, TALK
 * (numbered), LEAVE and disconnect.
 */
class ChatHubHooksTest extends HubTestSupport<InProcessBroker> {
    /** The verdict per message text; other texts pass. */
    private final Map<String, Supplier<CompletableFuture<TalkVerdict>>> verdicts = new ConcurrentHashMap<>();
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private volatile boolean observerThrows;

    ChatHubHooksTest() {
        super(new InProcessBroker());
    }

    @Override
    protected ChatHooks hooks() {
        TalkFilter filter = talk -> {
            var verdict = verdicts.get(talk.message());
            return verdict == null ? CompletableFuture.completedFuture(TalkVerdict.ACCEPT) : verdict.get();
        };
        ChatObserver observer = activity -> {
            observed.add(describe(activity));
            if (observerThrows) {
                throw new IllegalStateException("an observer bug");
            }
        };
        return ChatHooks.defaults().withTalkFilter(filter).withObserver(observer);
    }

    private static String describe(ChatObserver.Activity activity) {
        if (activity instanceof ChatObserver.Entered entered) {
            return "entered " + entered.message().roomId() + " " + entered.message().userId();
        }
        if (activity instanceof ChatObserver.Posted posted) {
            return "posted " + posted.message().roomId() + " " + posted.message().userId() + " #"
                    + posted.message().seq() + " " + posted.message().message();
        }
        if (activity instanceof ChatObserver.Left left) {
            return "left " + left.message().roomId() + " " + left.message().userId();
        }
        ChatObserver.Disconnected gone = (ChatObserver.Disconnected) activity;
        return "disconnected " + gone.userId();
    }

    private void verdict(String message, TalkVerdict verdict) {
        verdicts.put(message, () -> CompletableFuture.completedFuture(verdict));
    }

    @Test
    void aRejectedTalkIsAnsweredToItsSenderAloneAndTakesNoSeq() {
        verdict("buy cheap pills", TalkVerdict.reject("spam is not welcome"));
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        bob.clear();
        talk(alice, ROOM, "buy cheap pills");
        talk(alice, ROOM, "hello");

        JsonNode rejected = alice.framesOfType("ERROR").get(0);
        assertEquals("REJECTED", rejected.path("code").asText());
        assertEquals("spam is not welcome", rejected.path("message").asText());
        assertEquals(ROOM, rejected.path("roomId").asText());
        List<JsonNode> talks = bob.framesOfType("TALK");
        assertEquals(1, talks.size(), bob.summaries().toString());
        assertEquals("hello", talks.get(0).path("message").asText());
        assertEquals(1, talks.get(0).path("seq").asLong(), "the rejected TALK took no seq");
    }

    @Test
    void aReplacedTalkIsNumberedAndDeliveredWithTheNewText() {
        verdict("you idiot", TalkVerdict.replace("you ***"));
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        talk(alice, ROOM, "you idiot");
        assertEquals("TALK:room-1:alice:you ***", bob.summaries().get(bob.summaries().size() - 1));
        assertEquals("TALK:room-1:alice:you ***", alice.summaries().get(alice.summaries().size() - 1));
        assertTrue(observed.contains("posted room-1 alice #1 you ***"), observed.toString());
    }

    @Test
    void aFilterThatFailsThrowsOrGivesAnInvalidReplacementLeavesTheTalkUnsent() {
        verdicts.put("fails", () -> CompletableFuture.failedFuture(new IllegalStateException("filter down")));
        verdicts.put("throws", () -> {
            throw new IllegalStateException("a filter bug");
        });
        verdict("surrogate", TalkVerdict.replace("bad \ud800"));
        verdict("long", TalkVerdict.replace("x".repeat(ChatLimits.defaults().maxMessageChars() + 1)));
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        bob.clear();
        for (String message : List.of("fails", "throws", "surrogate", "long")) {
            talk(alice, ROOM, message);
        }
        List<JsonNode> errors = alice.framesOfType("ERROR");
        assertEquals(4, errors.size(), alice.summaries().toString());
        errors.forEach(error -> assertEquals("UNAVAILABLE", error.path("code").asText(), error.toString()));
        assertTrue(errors.get(2).path("message").asText().contains("not valid text"), errors.get(2).toString());
        assertTrue(errors.get(3).path("message").asText().contains("longer than"), errors.get(3).toString());
        assertEquals(List.of(), bob.frames(), "nothing was delivered");
    }

    @Test
    void whileTheFilterThinksTheSendersLaterCommandsWaitAndOtherRoomsFlow() {
        CompletableFuture<TalkVerdict> pending = new CompletableFuture<>();
        verdicts.put("slow", () -> pending);
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        talk(alice, ROOM, "slow");
        talk(alice, ROOM, "after");
        talk(bob, ROOM, "meanwhile");
        assertEquals("TALK:room-1:bob:meanwhile", alice.summaries().get(alice.summaries().size() - 1));
        pending.complete(TalkVerdict.ACCEPT);
        List<String> talks = bob.framesOfType("TALK").stream().map(t -> t.path("message").asText()).toList();
        assertEquals(List.of("meanwhile", "slow", "after"), talks);
    }

    @Test
    void theObserverHearsEachEnterTalkLeaveAndDisconnectOnceAndItsFailuresStopNothing() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        enter(alice, ROOM);
        enter(bob, ROOM);
        talk(alice, ROOM, "one");
        observerThrows = true;
        talk(bob, ROOM, "two");
        leave(bob, ROOM);
        observerThrows = false;
        enter(alice, "room-2");
        hub().onClose(alice);
        assertEquals(List.of("entered room-1 alice", "entered room-1 bob", "posted room-1 alice #1 one",
                "posted room-1 bob #2 two", "left room-1 bob", "entered room-2 alice", "left room-1 alice",
                "left room-2 alice", "disconnected alice"), observed);
        assertEquals("TALK:room-1:bob:two", alice.summaries().get(3), "the observer's failure stopped nothing");
        hub().onFrame(bob, ClientCommand.enter(ROOM));
        assertEquals("entered room-1 bob", observed.get(observed.size() - 1));
    }
}
