package chat.core.hub;

import chat.core.broker.inprocess.InProcessBroker;
import chat.core.events.ChatEvents;
import chat.core.protocol.ClientCommand;
import chat.core.protocol.CloseCode;
import chat.core.testing.ManualClock;
import chat.core.testing.RecordingConnection;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-connection flood control and connection limits, without sockets. */
class ChatHubRateLimitTest extends HubTestSupport<InProcessBroker> {
    /** A clock the test moves by hand. */
    private final ManualClock clock = new ManualClock();

    ChatHubRateLimitTest() {
        super(new InProcessBroker());
    }

    @Override
    protected Clock clock() {
        return clock;
    }

    private ChatHub hub(ChatLimits limits) {
        return start(limits);
    }

    private static long count(RecordingConnection c, String field, String value) {
        return c.frames().stream().filter(f -> f.path(field).asText().equals(value)).count();
    }

    @Test
    void burstIsServedThenFramesAreRefusedWithRateLimitedAndNotDelivered() {
        ChatHub hub = hub(ChatLimits.defaults().withRateBurst(5).withRatePerSecond(1).withRateWarnings(100));
        RecordingConnection ann = new RecordingConnection("ann");
        hub.open(ann);
        hub.onFrame(ann, ClientCommand.enter("r"));
        for (int i = 0; i < 10; i++) {
            hub.onFrame(ann, ClientCommand.talk("r", "m" + i));
        }
        assertEquals(4, count(ann, "type", "TALK"), "5 tokens: one ENTER and four TALKs");
        assertEquals(6, count(ann, "code", "RATE_LIMITED"));
        assertTrue(ann.closes().isEmpty(), "refused frames alone do not close the connection");
    }

    @Test
    void tokensRefillAtTheConfiguredRate() {
        ChatHub hub = hub(ChatLimits.defaults().withRateBurst(2).withRatePerSecond(10).withRateWarnings(100));
        RecordingConnection ann = new RecordingConnection("ann");
        hub.open(ann);
        hub.onFrame(ann, ClientCommand.enter("r"));
        hub.onFrame(ann, ClientCommand.talk("r", "a"));
        hub.onFrame(ann, ClientCommand.talk("r", "refused"));
        clock.advance(Duration.ofMillis(100)); // one token back
        hub.onFrame(ann, ClientCommand.talk("r", "b"));
        assertEquals(2, count(ann, "type", "TALK"));
        assertEquals(1, count(ann, "code", "RATE_LIMITED"));
    }

    @Test
    void aConnectionThatKeepsFloodingAfterTheWarningsIsClosedWith1008() {
        ChatHub hub = hub(ChatLimits.defaults().withRateBurst(1).withRatePerSecond(1).withRateWarnings(3));
        RecordingConnection flooder = new RecordingConnection("flooder");
        hub.open(flooder);
        for (int i = 0; i < 10; i++) {
            hub.onFrame(flooder, ClientCommand.ping());
        }
        assertEquals(3, count(flooder, "code", "RATE_LIMITED"));
        assertEquals(1, flooder.closes().size());
        assertEquals(CloseCode.POLICY_VIOLATION, flooder.closes().get(0).code());
    }

    @Test
    void oneFloodingConnectionDoesNotLimitAnother() {
        ChatHub hub = hub(ChatLimits.defaults().withRateBurst(2).withRatePerSecond(1).withRateWarnings(100));
        RecordingConnection flooder = new RecordingConnection("flooder");
        RecordingConnection calm = new RecordingConnection("calm");
        hub.open(flooder);
        hub.open(calm);
        for (int i = 0; i < 10; i++) {
            hub.onFrame(flooder, ClientCommand.ping());
        }
        hub.onFrame(calm, ClientCommand.enter("r"));
        hub.onFrame(calm, ClientCommand.talk("r", "fine"));
        assertEquals(0, count(calm, "code", "RATE_LIMITED"));
        assertEquals(1, count(calm, "type", "TALK"));
    }

    @Test
    void instanceRefusesConnectionsPastItsMaximum() {
        ChatHub hub = hub(ChatLimits.defaults().withMaxConnections(2));
        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("a")));
        RecordingConnection b = new RecordingConnection("b");
        assertEquals(Admission.ACCEPTED, hub.admit(b));
        assertEquals(Admission.SERVER_FULL, hub.admit(new RecordingConnection("c")));
        hub.onClose(b);
        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("c")), "a place freed up");
    }

    @Test
    void oneUserIdHoldsAtMostItsShareOfConnections() {
        ChatHub hub = hub(ChatLimits.defaults().withMaxConnectionsPerUser(2));
        RecordingConnection tab1 = new RecordingConnection("sam");
        assertEquals(Admission.ACCEPTED, hub.admit(tab1));
        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("sam")));
        assertEquals(Admission.TOO_MANY_FOR_USER, hub.admit(new RecordingConnection("sam")));
        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("other")), "others are not affected");
        hub.onClose(tab1);
        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("sam")));
        assertFalse(hub.connectionCount() > 3);
    }

    @Test
    void oneRemoteAddressHoldsAtMostItsShareWhenTheLimitIsSet() {
        ChatHub hub = hub(ChatLimits.defaults().withMaxConnectionsPerAddress(2));
        RecordingConnection first = new RecordingConnection("u1");
        assertEquals(Admission.ACCEPTED, hub.admit(first, "10.0.0.1"));
        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("u2"), "10.0.0.1"));
        assertEquals(Admission.TOO_MANY_FOR_ADDRESS, hub.admit(new RecordingConnection("u3"), "10.0.0.1"));
        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("u3"), "10.0.0.2"));
        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("u4"), null), "unknown address: no bound");
        hub.onClose(first);
        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("u5"), "10.0.0.1"));
    }

    @Test
    void noAddressBoundByDefault() {
        ChatHub hub = hub(ChatLimits.defaults());
        for (int i = 0; i < 50; i++) {
            assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("u" + i), "127.0.0.1"));
        }
    }

    @Test
    void aUserRefusedForItsOwnLimitDoesNotUseUpItsAddress() {
        ChatHub hub = hub(ChatLimits.defaults().withMaxConnectionsPerAddress(2).withMaxConnectionsPerUser(1));
        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("sam"), "10.0.0.9"));
        assertEquals(Admission.TOO_MANY_FOR_USER, hub.admit(new RecordingConnection("sam"), "10.0.0.9"));
        assertEquals(Admission.ACCEPTED, hub.admit(new RecordingConnection("kim"), "10.0.0.9"));
    }

    @Test
    void silentConnectionIsPingedThenClosedOnceAndCountedOnce() {
        int[] idleClosed = {0};
        ChatHub hub = new ChatHub(broker, ChatLimits.defaults(), clock, Runnable::run, new ChatEvents() {
            @Override
            public void idleClosed() {
                idleClosed[0]++;
            }
        });
        broker.start(hub);
        RecordingConnection silent = new RecordingConnection("silent");
        hub.open(silent);
        clock.advance(Duration.ofSeconds(31));
        hub.checkIdle(Duration.ofSeconds(30), Duration.ofSeconds(10));
        assertTrue(silent.closes().isEmpty(), "pinged, not closed, after the ping interval");
        clock.advance(Duration.ofSeconds(10));
        hub.checkIdle(Duration.ofSeconds(30), Duration.ofSeconds(10));
        hub.checkIdle(Duration.ofSeconds(30), Duration.ofSeconds(10)); // its close still pending
        assertEquals(1, silent.closes().size());
        assertEquals(CloseCode.GOING_AWAY, silent.closes().get(0).code());
        assertEquals(1, idleClosed[0], "an idle close is counted once");
    }
}
