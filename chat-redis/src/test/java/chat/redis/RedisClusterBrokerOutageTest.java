package chat.redis;

import chat.core.broker.BrokerUnavailableException;
import chat.core.broker.SubscriberStatus;
import chat.core.history.HistoryPolicy;
import chat.core.protocol.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static chat.redis.BrokerCalls.await;
import static chat.redis.BrokerCalls.failureOf;
import static chat.redis.BrokerCalls.talk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A master of a real three-master Redis Cluster stopped and started again, as the cluster broker
 * alone sees it: only that shard's rooms are refused and reported down, the others go on, a room
 * left meanwhile costs its shard no command, and the shard's rooms are subscribed again and
 * reported once it is back. (The same through real servers, with {@code /health} and metrics, is
 * {@code RedisClusterTest} in chat-runner.)
 */
class RedisClusterBrokerOutageTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.perTest();

    /** A fresh room id whose slot {@code node} owns. */
    private static String roomOn(RedisCluster cluster, RedisServer node) {
        while (true) {
            String room = "outage-" + NAMES.incrementAndGet();
            if (cluster.ownerOf(RoomKeys.slotKey(room)) == node) {
                return room;
            }
        }
    }

    @Test
    void aStoppedMasterRefusesOnlyItsRoomsAndTheyComeBackSubscribedWithIt() throws Exception {
        RedisCluster cluster = REDIS.startCluster(0);
        RecordingListener listener = new RecordingListener();
        // one command thread: commands run in the order they were queued
        RedisClusterBroker broker = REDIS.start(new RedisClusterBroker(RedisConfig.fromClusterNodes(cluster.seeds())
                .withPools(RedisConfig.DEFAULT_SUBSCRIBERS, 1)
                .withTimings(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(300)), "east",
                HistoryPolicy.DEFAULT), listener);
        assertTrue(broker.isAvailable(), "every shard connected when start returned");
        RedisServer victim = cluster.nodes().get(0);
        String victimShard = "127.0.0.1:" + victim.port();
        String down = roomOn(cluster, victim);
        String leaving = roomOn(cluster, victim);
        String calm = roomOn(cluster, cluster.nodes().get(1));
        for (String room : List.of(down, leaving, calm)) {
            await(broker.subscribe(room));
        }
        RecordedLog historyLog = REDIS.closeAfterTest(RecordedLog.of(HistoryRooms.class));

        victim.stop();
        Await.until(() -> broker.subscriberStatus().stream().anyMatch(s -> s.shard().equals(victimShard) && !s.up()),
                () -> "the stopped master's connection still reported up: " + broker.subscriberStatus());
        assertInstanceOf(BrokerUnavailableException.class, failureOf(broker.publish(talk(down, "while down"))),
                "the stopped master's room is refused");
        await(broker.publish(talk(calm, "calm")));
        assertEquals("calm", listener.next().message(), "the other shards go on");
        assertTrue(broker.subscriberStatus().stream().filter(s -> !s.shard().equals(victimShard))
                .allMatch(SubscriberStatus::up), "only the stopped shard is down: " + broker.subscriberStatus());
        await(broker.unsubscribe(leaving)); // its last local member left while its shard is down
        await(broker.publish(talk(calm, "after the leave"))); // queued behind whatever the leave queued
        assertEquals("after the leave", listener.next().message());
        assertTrue(historyLog.records().stream().noneMatch(r -> r.getMessage().contains(leaving)),
                "the leave queued a retention renewal for a shard that is down: " + historyLog.messages());

        victim.startAgain();
        cluster.awaitState("ok");
        Await.until(broker::isAvailable, () -> "the restarted master's connection did not come back");
        assertTrue(listener.wasResubscribed(down), "its room is reported subscribed again, so it recovers its history");
        // the first command on a pooled connection that died with the node may fail: try until one is taken
        Await.until(() -> failureOf(broker.publish(talk(down, "after"))) == null,
                () -> "the restarted master's room was never served again");
        ChatMessage delivered;
        do {
            delivered = listener.next();
        } while (!delivered.message().equals("after"));
        assertEquals(down, delivered.roomId());
        assertTrue(broker.reconnects() >= 1, "the shard's return counts as a reconnect");
    }
}
