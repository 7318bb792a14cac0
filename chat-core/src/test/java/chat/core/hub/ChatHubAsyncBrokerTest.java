package chat.core.hub;

import chat.core.broker.BrokerUnavailableException;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ClientCommand;
import chat.core.protocol.CloseCode;
import chat.core.testing.DeferredBroker;
import chat.core.testing.RecordingConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub over a broker whose subscriptions complete later, fail, or whose publishing fails. */
class ChatHubAsyncBrokerTest extends HubTestSupport<DeferredBroker> {
    private ExecutorService executor;

    ChatHubAsyncBrokerTest() {
        super(new DeferredBroker());
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    /** Connects and joins the room, completing its subscription when it is the first member. */
    private RecordingConnection member(String userId) {
        RecordingConnection c = connect(userId);
        hub.onFrame(c, ClientCommand.enter(ROOM));
        if (broker.pendingSubscriptions() > 0) {
            broker.completeSubscription(ROOM);
        }
        return c;
    }

    private static BrokerUnavailableException down() {
        return new BrokerUnavailableException("redis is down");
    }

    // ---- subscription completes later ----

    @Test
    void nothingIsDeliveredWhileTheSubscriptionIsPending() {
        RecordingConnection alice = connect("alice");

        hub.onFrame(alice, ClientCommand.enter(ROOM));
        hub.onFrame(alice, ClientCommand.talk(ROOM, "hi"));

        assertEquals(List.of(), alice.summaries());
        assertEquals(1, broker.pendingSubscriptions());
    }

    @Test
    void enterThenTalkBeforeTheSubscriptionCompletesAreBothDeliveredInOrder() {
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        hub.onFrame(alice, ClientCommand.talk(ROOM, "hi"));

        broker.completeSubscription(ROOM);

        assertEquals(List.of("ENTER:room-1:alice:", "TALK:room-1:alice:hi"), alice.summaries());
    }

    @Test
    void enterThenTalkAreDeliveredInOrderWhenTheSubscriptionCompletesOnAnotherThread() throws Exception {
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        hub.onFrame(alice, ClientCommand.talk(ROOM, "1"));
        hub.onFrame(alice, ClientCommand.talk(ROOM, "2"));
        executor = Executors.newSingleThreadExecutor();

        executor.submit(() -> broker.completeSubscription(ROOM)).get(5, TimeUnit.SECONDS);

        alice.awaitFrames(3);
        assertEquals(List.of("ENTER:room-1:alice:", "TALK:room-1:alice:1", "TALK:room-1:alice:2"),
                alice.summaries());
    }

    @Test
    void errorsKeepTheOrderOfTheFramesWhileAJoinWaits() {
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        hub.onFrame(alice, new ChatCodec().decodeClient("not json"));
        hub.onFrame(alice, ClientCommand.talk("elsewhere", "x"));
        assertEquals(List.of(), alice.summaries());

        broker.completeSubscription(ROOM);

        assertEquals(List.of("ENTER:room-1:alice:", "ERROR:BAD_JSON:-", "ERROR:NOT_IN_ROOM:elsewhere"),
                alice.summaries());
    }

    @Test
    void joinersOfARoomWithAPendingSubscriptionShareOneSubscription() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        hub.onFrame(bob, ClientCommand.enter(ROOM));

        broker.completeSubscription(ROOM);

        assertEquals(1, broker.subscribeCalls.get());
        assertEquals(2, bob.framesOfType("ENTER").size());
        assertEquals(2, alice.framesOfType("ENTER").size());
        assertEquals(alice.summaries(), bob.summaries());
    }

    @Test
    void otherConnectionsAreNotHeldUpByAPendingJoin() {
        RecordingConnection bob = member("bob");
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter("slow-room"));
        bob.clear();

        hub.onFrame(bob, ClientCommand.talk(ROOM, "still talking"));

        assertEquals(List.of("TALK:room-1:bob:still talking"), bob.summaries());
    }

    @Test
    void tooManyCommandsWaitingClosesTheConnectionWithPolicyViolation() {
        start(ChatLimits.defaults().withMaxPendingCommands(2));
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        hub.onFrame(alice, ClientCommand.talk(ROOM, "1"));
        assertEquals(List.of(), alice.closes());

        hub.onFrame(alice, ClientCommand.talk(ROOM, "2"));

        assertEquals(List.of(CloseCode.POLICY_VIOLATION),
                alice.closes().stream().map(RecordingConnection.Closed::code).toList());
    }

    @Test
    void closeWhileAJoinWaitsLeavesNoStateOnceTheSubscriptionCompletes() {
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter(ROOM));

        hub.onClose(alice);
        broker.completeSubscription(ROOM);

        assertEquals(0, hub.connectionCount());
        assertEquals(0, hub.roomCount());
    }

    @Test
    void closeWhileAJoinWaitsDeliversOneLeaveToTheOtherMembers() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        hub.onFrame(bob, ClientCommand.enter(ROOM));

        hub.onClose(alice);
        broker.completeSubscription(ROOM);

        assertEquals(List.of("LEAVE:room-1:alice:"),
                bob.summaries().stream().filter(s -> s.startsWith("LEAVE")).toList());
        assertEquals(1, hub.connectionCount());
    }

    // ---- subscription fails ----

    @Test
    void failedSubscriptionIsAnsweredUnavailableWithTheRoom() {
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter(ROOM));

        broker.failSubscription(ROOM, down());

        assertEquals(List.of("ERROR:UNAVAILABLE:room-1"), alice.summaries());
        assertTrue(alice.frames().get(0).get("message").asText().contains("redis is down"),
                alice.frames().toString());
    }

    @Test
    void failedSubscriptionLeavesNoRoomBehind() {
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        assertEquals(1, hub.roomCount());

        broker.failSubscription(ROOM, down());

        assertEquals(0, hub.roomCount());
    }

    @Test
    void failedSubscriptionFailsEveryJoinerWaitingOnIt() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        hub.onFrame(bob, ClientCommand.enter(ROOM));

        broker.failSubscription(ROOM, down());

        assertEquals(List.of("ERROR:UNAVAILABLE:room-1"), alice.summaries());
        assertEquals(List.of("ERROR:UNAVAILABLE:room-1"), bob.summaries());
        assertEquals(0, hub.roomCount());
    }

    @Test
    void enterAfterAFailedSubscriptionWorks() {
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        broker.failSubscription(ROOM, down());
        alice.clear();

        hub.onFrame(alice, ClientCommand.enter(ROOM));
        broker.completeSubscription(ROOM);
        hub.onFrame(alice, ClientCommand.talk(ROOM, "back"));

        assertEquals(List.of("ENTER:room-1:alice:", "TALK:room-1:alice:back"), alice.summaries());
        assertEquals(2, broker.subscribeCalls.get());
        assertEquals(1, hub.roomCount());
    }

    @Test
    void talkQueuedBehindAFailedEnterIsAnsweredNotInRoom() {
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        hub.onFrame(alice, ClientCommand.talk(ROOM, "hi"));

        broker.failSubscription(ROOM, down());

        assertEquals(List.of("ERROR:UNAVAILABLE:room-1", "ERROR:NOT_IN_ROOM:room-1"), alice.summaries());
    }

    @Test
    void failedSubscriptionDoesNotCountAgainstTheRoomLimit() {
        start(ChatLimits.defaults().withMaxRoomsPerConnection(1));
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        broker.failSubscription(ROOM, down());
        alice.clear();

        hub.onFrame(alice, ClientCommand.enter("r2"));
        broker.completeSubscription("r2");

        assertEquals(List.of("ENTER:r2:alice:"), alice.summaries());
    }

    @Test
    void disconnectAfterAFailedSubscriptionLeavesNoState() {
        RecordingConnection alice = connect("alice");
        hub.onFrame(alice, ClientCommand.enter(ROOM));
        broker.failSubscription(ROOM, down());

        hub.onClose(alice);

        assertEquals(0, hub.connectionCount());
        assertEquals(0, hub.roomCount());
    }

    // ---- publishing fails ----

    @Test
    void talkWhosePublishFailsIsAnsweredUnavailableToTheSenderOnly() {
        RecordingConnection alice = member("alice");
        RecordingConnection bob = member("bob");
        alice.clear();
        bob.clear();
        broker.publishFailure = down();

        hub.onFrame(alice, ClientCommand.talk(ROOM, "lost"));

        assertEquals(List.of("ERROR:UNAVAILABLE:room-1"), alice.summaries());
        assertEquals(List.of(), bob.summaries());
    }

    @Test
    void talkWhosePublishThrowsIsAnsweredUnavailable() {
        RecordingConnection alice = member("alice");
        alice.clear();
        broker.publishThrows = down();

        hub.onFrame(alice, ClientCommand.talk(ROOM, "lost"));

        assertEquals(List.of("ERROR:UNAVAILABLE:room-1"), alice.summaries());
    }

    @Test
    void talkAfterThePublishFailureClearsIsDelivered() {
        RecordingConnection alice = member("alice");
        broker.publishFailure = down();
        hub.onFrame(alice, ClientCommand.talk(ROOM, "lost"));
        broker.publishFailure = null;
        alice.clear();

        hub.onFrame(alice, ClientCommand.talk(ROOM, "again"));

        assertEquals(List.of("TALK:room-1:alice:again"), alice.summaries());
    }

    @Test
    void enterWhosePublishFailsIsAnsweredUnavailableAndRolledBack() {
        RecordingConnection bob = member("bob");
        bob.clear();
        RecordingConnection alice = connect("alice");
        broker.publishFailure = down();

        hub.onFrame(alice, ClientCommand.enter(ROOM));
        broker.publishFailure = null;
        hub.onFrame(alice, ClientCommand.talk(ROOM, "am I in?"));
        hub.onFrame(bob, ClientCommand.talk(ROOM, "only me"));

        assertEquals(List.of("ERROR:UNAVAILABLE:room-1", "ERROR:NOT_IN_ROOM:room-1"), alice.summaries());
        assertEquals(List.of("TALK:room-1:bob:only me"), bob.summaries());
    }

    @Test
    void disconnectLeavesNoStateWhenItsLeaveCannotBePublished() {
        RecordingConnection alice = member("alice");
        broker.publishFailure = down();

        hub.onClose(alice);

        assertEquals(0, hub.connectionCount());
        assertEquals(0, hub.roomCount());
    }

    @Test
    void leaveWhosePublishFailsStillLeavesTheRoom() {
        RecordingConnection alice = member("alice");
        broker.publishFailure = down();

        hub.onFrame(alice, ClientCommand.leave(ROOM));

        assertEquals(0, hub.roomCount());
        assertEquals(1, broker.unsubscribeCalls.get());
    }
}
