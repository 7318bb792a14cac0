package chat.redis;

import chat.core.broker.BrokerUnavailableException;
import chat.core.history.HistoryBounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;

import static chat.redis.BrokerCalls.await;
import static chat.redis.BrokerCalls.failureOf;
import static chat.redis.BrokerCalls.talk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One Redis going away and coming back, as the broker alone sees it: room traffic is refused while
 * Redis is gone, every room is subscribed again and reported when it is back, a connection that
 * goes silent without closing is found by its heartbeat, and a broker started without Redis joins
 * when it appears. (The same through a real server, whose clients stay connected throughout, is
 * {@code RedisOutageTest} in chat-runner.)
 */
class RedisBrokerOutageTest {
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.perTest();

    private RedisBroker broker(int port, String instanceId, RecordingListener listener) {
        return REDIS.start(new RedisBroker(RedisConfig.fromUrl("redis://127.0.0.1:" + port)
                .withTimings(Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofMillis(300)), instanceId), listener);
    }

    @Test
    void aRestartedRedisGetsEveryRoomSubscribedAgainAndReported() throws Exception {
        RedisServer redis = REDIS.startServer();
        RecordingListener east = new RecordingListener();
        RedisBroker eastBroker = broker(redis.port(), "east", east);
        RedisBroker westBroker = broker(redis.port(), "west", new RecordingListener());
        await(eastBroker.subscribe("outage"));

        redis.stop();
        Await.until(() -> !eastBroker.isAvailable(), () -> "the broker still reports Redis up");
        assertInstanceOf(BrokerUnavailableException.class, failureOf(eastBroker.publish(talk("outage", "while down"))),
                "room traffic is refused while Redis is gone");

        redis.startAgain();
        Await.until(() -> eastBroker.isAvailable() && westBroker.isAvailable(), () -> "the brokers did not reconnect");
        assertTrue(east.wasResubscribed("outage"), "the room is reported subscribed again, so it recovers its history");
        // counted right after the broker says it is available again, on the connection's thread
        Await.until(() -> eastBroker.reconnects() >= 1, () -> "the reconnection was not counted");
        assertEquals(1, eastBroker.reconnects(), "one outage, one reconnection");
        await(westBroker.publish(talk("outage", "after the restart")));
        assertEquals("after the restart", east.next().message(), "the room was subscribed again");
    }

    @Test
    void aSubscriberConnectionThatGoesSilentIsFoundByItsHeartbeatAndReplaced() throws Exception {
        RedisServer redis = REDIS.startServer();
        FreezableProxy link = REDIS.closeAfterTest(new FreezableProxy(redis.port()));
        RecordingListener east = new RecordingListener();
        RedisBroker viaLink = broker(link.port(), "east", east);
        RedisBroker direct = broker(redis.port(), "west", new RecordingListener());
        await(viaLink.subscribe("frozen"));

        link.freeze(); // no FIN, no RST: only the missing answers to the heartbeat can tell
        Await.until(() -> !viaLink.isAvailable(), () -> "a silent subscriber connection was not detected");
        link.dropAll();
        link.thaw();
        Await.until(viaLink::isAvailable, () -> "the broker did not reconnect after the link came back");

        await(direct.publish(talk("frozen", "through the new connection")));
        assertEquals("through the new connection", east.next().message());
    }

    @Test
    void aBrokerStartedWhileRedisIsDownRefusesRoomsThenJoinsWhenRedisAppears() throws Exception {
        int port = RedisServer.freePort();
        RecordingListener listener = new RecordingListener();
        RedisBroker broker = broker(port, "late", listener); // returns after its timeout, and keeps trying
        assertFalse(broker.isAvailable());
        assertInstanceOf(BrokerUnavailableException.class, failureOf(broker.subscribe("late")));

        REDIS.startServerOn(port);
        Await.until(broker::isAvailable, () -> "the broker did not connect when Redis appeared");
        await(broker.subscribe("late"));
        await(broker.publish(talk("late", "hello")));
        assertEquals("hello", listener.next().message());
        assertEquals(0, broker.reconnects(), "a first connection is not a reconnection");
    }

    @Test
    void closeIsIdempotentAndLeavesNothingAvailable() throws IOException {
        RedisServer redis = REDIS.startServer();
        RedisBroker broker = broker(redis.port(), "closing", new RecordingListener());
        assertTrue(broker.isAvailable());
        broker.close();
        broker.close();
        assertFalse(broker.isAvailable());
        assertInstanceOf(BrokerUnavailableException.class, failureOf(broker.historyAfter("r", 0,
                new HistoryBounds(10, 10_000))), "a read after close is refused");
    }
}
