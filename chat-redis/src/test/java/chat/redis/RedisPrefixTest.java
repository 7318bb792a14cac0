package chat.redis;

import chat.core.protocol.ChatMessage;
import chat.core.history.HistoryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static chat.redis.BrokerCalls.await;
import static chat.redis.BrokerCalls.talk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deployments that share one redis-server stay apart: Pub/Sub channels are server-wide whatever
 * the database, so every name carries the deployment's prefix ({@code REDIS_PREFIX}).
 */
class RedisPrefixTest {
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.serverForClass();

    private RedisBroker broker(RedisConfig config, String instanceId, RecordingListener listener) {
        return REDIS.start(new RedisBroker(config.withTimings(Duration.ofSeconds(1), Duration.ofMillis(500),
                Duration.ofMillis(500)), instanceId, HistoryPolicy.DEFAULT), listener);
    }

    /**
     * Both brokers talk in "lobby"; each must get only its own TALKs, numbered by its own counter.
     * Each publishes after the other did, so a leaked message would arrive before its own.
     */
    private void assertApart(RedisBroker first, RecordingListener atFirst, RedisBroker second,
                             RecordingListener atSecond) throws Exception {
        await(first.subscribe("lobby"));
        await(second.subscribe("lobby"));
        await(first.publish(talk("lobby", "first")));
        await(second.publish(talk("lobby", "second")));
        ChatMessage own = atSecond.next();
        assertEquals("second", own.message(), "the second deployment got another's TALK: " + own);
        assertEquals(1, own.seq(), "numbered by the second deployment's own counter");
        assertEquals("first", atFirst.next().message());
        await(first.publish(talk("lobby", "first again"))); // after the second's TALK: a leak arrived before it
        ChatMessage next = atFirst.next();
        assertEquals("first again", next.message(), "the first deployment got another's TALK: " + next);
        assertEquals(2, next.seq());
        assertEquals(0, atFirst.pending() + atSecond.pending());
    }

    @Test
    void deploymentsOnDatabasesZeroAndOneDoNotSeeEachOthersRooms() throws Exception {
        RecordingListener zero = new RecordingListener();
        RecordingListener one = new RecordingListener();
        assertApart(broker(RedisConfig.fromUrl(REDIS.server().url() + "/0"), "db0", zero),
                zero, broker(RedisConfig.fromUrl(REDIS.server().url() + "/1"), "db1", one), one);
    }

    @Test
    void anExplicitPrefixIsolatesTwoDeploymentsOnOneDatabase() throws Exception {
        RecordingListener a = new RecordingListener();
        RecordingListener b = new RecordingListener();
        RedisConfig db = RedisConfig.fromUrl(REDIS.server().url() + "/2");
        assertApart(broker(db.withPrefix("tenant-a"), "a", a), a, broker(db.withPrefix("tenant-b"), "b", b), b);
    }

    @Test
    void aDeploymentOnDatabaseOneNamesItsKeysAndChannelsWithChatDb1() throws Exception {
        RecordingListener listener = new RecordingListener();
        RedisBroker broker = broker(RedisConfig.fromUrl(REDIS.server().url() + "/1"), "named", listener);
        await(broker.subscribe("named-room"));
        await(broker.publish(talk("named-room", "hello")));
        listener.next();
        assertEquals(1, REDIS.server().subscribers("chat.db1.room.named-room"));
        Jedis jedis = REDIS.jedis();
        jedis.select(1);
        assertEquals("1", jedis.get("chat.db1:{named-room}:seq"));
        assertTrue(jedis.exists("chat.db1:{named-room}:history"));
        assertTrue(jedis.pubsubChannels("chat.db1.instance.named.*").size() >= 1, "control channels prefixed too");
    }
}
