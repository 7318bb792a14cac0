package chat.redis;

import chat.core.protocol.ChatMessage;
import chat.core.history.HistoryPolicy;
import chat.core.events.Limit;
import chat.core.protocol.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static chat.redis.BrokerCalls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code HISTORY_MAX_ROOMS} on one real redis-server: the deployment keeps at most that many rooms'
 * counters and histories, dropping the least recently refreshed. Each test has a prefix of its own,
 * so its own index of rooms.
 */
class RedisHistoryRoomsTest {
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.serverForClass();
    private final RecordingListener listener = new RecordingListener();
    private Jedis jedis;

    private RoomKeys broker(String prefix, HistoryPolicy history, RecordingListener events, List<RedisBroker> into) {
        into.add(REDIS.start(new RedisBroker(REDIS.config().withPrefix(prefix)
                .withTimings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(500)), prefix, history), events));
        if (jedis == null) {
            jedis = REDIS.jedis();
        }
        return new RoomKeys(prefix);
    }

    private static ChatMessage talk(String room) {
        return new ChatMessage(MessageType.TALK, room, "u", "hello", 1L);
    }

    private boolean hasHistory(RoomKeys keys, String room) {
        return jedis.exists(keys.seq(room)) || jedis.exists(keys.history(room));
    }

    @Test
    void pastMaxRoomsTheLeastRecentlyRefreshedRoomLosesItsCounterAndHistory() throws Exception {
        List<RedisBroker> brokers = new ArrayList<>();
        RoomKeys keys = broker("lru", new HistoryPolicy(100, Duration.ofHours(1)).withMaxRooms(3), listener, brokers);
        RedisBroker broker = brokers.get(0);
        for (String room : List.of("a", "b", "c")) {
            await(broker.publish(talk(room)));
        }
        await(broker.subscribe("a"));
        await(broker.unsubscribe("a")); // its last local member left: "a" is refreshed, now newer than "b" and "c"
        Await.until(() -> jedis.zrange(keys.historyRooms(), 0, -1).equals(List.of("b", "c", "a")),
                () -> "index after refreshing a: " + jedis.zrange(keys.historyRooms(), 0, -1));

        await(broker.publish(talk("d"))); // a fourth room's history: "b" goes
        assertEquals(List.of("c", "a", "d"), jedis.zrange(keys.historyRooms(), 0, -1));
        assertTrue(!hasHistory(keys, "b"), "b's keys deleted");
        for (String kept : List.of("a", "c", "d")) {
            assertTrue(jedis.exists(keys.seq(kept)) && jedis.exists(keys.history(kept)), kept + " kept");
        }
        assertEquals(1, listener.limitsReached(Limit.HISTORY_ROOMS));
    }

    @Test
    void aRoomDroppedFromTheStoreStartsItsNumberingAgain() throws Exception {
        List<RedisBroker> brokers = new ArrayList<>();
        broker("renumbered", new HistoryPolicy(100, Duration.ofHours(1)).withMaxRooms(1), listener, brokers);
        RedisBroker broker = brokers.get(0);
        await(broker.subscribe("first"));
        await(broker.publish(talk("first")));
        await(broker.publish(talk("first")));
        assertEquals(1, listener.next().seq());
        assertEquals(2, listener.next().seq());
        await(broker.publish(talk("second"))); // over the bound: "first" is dropped
        await(broker.publish(talk("first")));
        assertEquals(1, listener.next().seq(), "numbered from 1 again");
        assertEquals(2, listener.limitsReached(Limit.HISTORY_ROOMS), "first, then second, dropped");
    }

    @Test
    void aRoomWithLocalMembersIsRefreshedEveryThirdOfTheRetentionAndOutlivesIdleRooms() throws Exception {
        List<RedisBroker> brokers = new ArrayList<>();
        RoomKeys keys = broker("busy", new HistoryPolicy(100, Duration.ofSeconds(3)).withMaxRooms(2), listener, brokers);
        RedisBroker broker = brokers.get(0);
        await(broker.subscribe("hosted"));
        await(broker.publish(talk("hosted")));
        await(broker.publish(talk("idle")));
        Await.until(() -> jedis.zrange(keys.historyRooms(), 0, -1).equals(List.of("idle", "hosted")),
                () -> "the periodic refresh did not score hosted after idle: " + jedis.zrange(keys.historyRooms(), 0, -1));

        await(broker.publish(talk("newest")));
        assertTrue(!hasHistory(keys, "idle"), "the idle room went first");
        assertTrue(hasHistory(keys, "hosted"), "the hosted room, older but refreshed, stays");
        assertEquals(List.of("hosted", "newest"), jedis.zrange(keys.historyRooms(), 0, -1));
    }

    @Test
    void indexEntriesOlderThanTheRetentionArePruned() throws Exception {
        List<RedisBroker> brokers = new ArrayList<>();
        RoomKeys keys = broker("pruned", new HistoryPolicy(100, Duration.ofSeconds(1)), listener, brokers);
        RedisBroker broker = brokers.get(0);
        await(broker.publish(talk("gone")));
        assertEquals(List.of("gone"), jedis.zrange(keys.historyRooms(), 0, -1));
        Await.until(() -> !hasHistory(keys, "gone"), () -> "keys of an unused room did not expire");

        await(broker.publish(talk("fresh")));
        assertEquals(List.of("fresh"), jedis.zrange(keys.historyRooms(), 0, -1), "the expired room's entry is pruned");
        assertEquals(0, listener.limitsReached(Limit.HISTORY_ROOMS), "pruning is not dropping");
    }

    @Test
    void theBoundHoldsForTheWholeDeploymentAcrossInstances() throws Exception {
        List<RedisBroker> brokers = new ArrayList<>();
        RecordingListener other = new RecordingListener();
        HistoryPolicy policy = new HistoryPolicy(100, Duration.ofHours(1)).withMaxRooms(4);
        RoomKeys keys = broker("shared", policy, listener, brokers);
        broker("shared", policy, other, brokers);
        for (int i = 0; i < 10; i++) {
            await(brokers.get(i % 2).publish(talk("room-" + i)));
        }
        assertEquals(List.of("room-6", "room-7", "room-8", "room-9"), jedis.zrange(keys.historyRooms(), 0, -1));
        for (int i = 0; i < 10; i++) {
            assertEquals(i >= 6, hasHistory(keys, "room-" + i), "room-" + i);
        }
        assertEquals(6, listener.limitsReached(Limit.HISTORY_ROOMS) + other.limitsReached(Limit.HISTORY_ROOMS));
    }
}
