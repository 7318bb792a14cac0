package chat.core.hub;

import chat.core.broker.inprocess.InProcessBroker;
import chat.core.protocol.ClientCommand;
import chat.core.protocol.CloseCode;
import chat.core.protocol.ShutdownNotice;
import chat.core.testing.RecordingConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatHubShutdownTest extends HubTestSupport<InProcessBroker> {
    private static final String NOTICE_JSON = "{\"type\":\"SHUTDOWN\",\"message\":\"server is restarting, please reconnect\"}";

    ChatHubShutdownTest() {
        super(new InProcessBroker());
    }

    private CompletableFuture<Void> shutdown() {
        return hub().shutdown(new ShutdownNotice(ShutdownNotice.DEFAULT_MESSAGE)).toCompletableFuture();
    }

    @Test
    void everyConnectionGetsTheNoticeThenACloseWithServiceRestart() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        hub().onFrame(alice, ClientCommand.enter(ROOM));
        alice.clear();

        shutdown();

        for (RecordingConnection c : List.of(alice, bob)) {
            List<RecordingConnection.Event> events = c.events();
            assertEquals(2, events.size(), c + ": " + events);
            RecordingConnection.Sent notice = assertInstanceOf(RecordingConnection.Sent.class, events.get(0));
            assertEquals(NOTICE_JSON, notice.frame().json());
            RecordingConnection.Closed closed = assertInstanceOf(RecordingConnection.Closed.class, events.get(1));
            assertEquals(CloseCode.SERVICE_RESTART, closed.code());
        }
    }

    @Test
    void noticeIsEncodedOnceForAllConnections() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");

        shutdown();

        RecordingConnection.Sent a = (RecordingConnection.Sent) alice.events().get(0);
        RecordingConnection.Sent b = (RecordingConnection.Sent) bob.events().get(0);
        assertTrue(a.frame() == b.frame(), "one EncodedFrame shared by every recipient");
    }

    @Test
    void openReturnsFalseAfterShutdown() {
        connect("alice");
        shutdown();

        assertFalse(hub.open(new RecordingConnection("late")));
        assertEquals(1, hub().connectionCount());
    }

    @Test
    void shutdownStageCompletesOnlyAfterEveryConnectionClosed() throws Exception {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        hub().onFrame(alice, ClientCommand.enter(ROOM));

        CompletableFuture<Void> done = shutdown();
        assertFalse(done.isDone());
        hub().onClose(alice);
        assertFalse(done.isDone());
        hub().onClose(bob);

        assertNull(done.get(5, TimeUnit.SECONDS));
    }

    @Test
    void shutdownWithoutConnectionsCompletesAtOnce() throws Exception {
        assertNull(shutdown().get(5, TimeUnit.SECONDS));
    }

    @Test
    void shutdownLeavesNoStateOnceEveryConnectionClosed() throws Exception {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        hub().onFrame(alice, ClientCommand.enter(ROOM));
        hub().onFrame(bob, ClientCommand.enter("r2"));

        CompletableFuture<Void> done = shutdown();
        hub().onClose(alice);
        hub().onClose(bob);

        done.get(5, TimeUnit.SECONDS);
        assertEquals(0, hub().connectionCount());
        assertEquals(0, hub().roomCount());
    }

    @Test
    void noticeIsTheLastFrameEvenWhenOtherMembersDisconnect() {
        RecordingConnection alice = connect("alice");
        RecordingConnection bob = connect("bob");
        hub().onFrame(alice, ClientCommand.enter(ROOM));
        hub().onFrame(bob, ClientCommand.enter(ROOM));
        shutdown();

        hub().onClose(alice);
        hub().onFrame(bob, ClientCommand.talk(ROOM, "after the notice"));

        List<String> frames = bob.summaries();
        assertEquals("SHUTDOWN:server is restarting, please reconnect", frames.get(frames.size() - 1));
    }

    @Test
    void shutdownCanBeCalledTwiceAndBothStagesComplete() throws Exception {
        RecordingConnection alice = connect("alice");
        CompletableFuture<Void> first = shutdown();
        CompletableFuture<Void> second = shutdown();

        hub().onClose(alice);

        assertNull(first.get(5, TimeUnit.SECONDS));
        assertNull(second.get(5, TimeUnit.SECONDS));
    }
}
