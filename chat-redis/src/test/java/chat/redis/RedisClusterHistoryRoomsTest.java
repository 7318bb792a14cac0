package chat.redis;

import chat.core.events.Limit;
import chat.core.history.HistoryPolicy;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code HISTORY_MAX_ROOMS} in a real three-master Redis Cluster: the index of rooms is one key in
 * a slot of its own, the rooms' keys are on their own nodes, and the bound holds across them.
 */
class RedisClusterHistoryRoomsTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    @RegisterExtension
    static final RedisFixture CLUSTER = RedisFixture.clusterForClass();

    /** A fresh room id whose slot {@code node} owns. */
    private static String roomOn(RedisServer node) {
        while (true) {
            String room = "c-room-" + NAMES.incrementAndGet();
            if (CLUSTER.cluster().ownerOf(RoomKeys.slotKey(room)) == node) {
                return room;
            }
        }
    }

    @Test
    void historyMaxRoomsDropsTheLeastRecentlyRefreshedRoomsWhicheverShardHoldsThem() throws Exception {
        RedisCluster cluster = CLUSTER.cluster();
        RecordingListener events = new RecordingListener();
        RedisConfig config = CLUSTER.config().withPrefix("bounded")
                .withTimings(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300));
        RoomKeys keys = new RoomKeys("bounded");
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rooms.add(roomOn(cluster.nodes().get(i % 3))); // two rooms per shard, oldest first
        }
        try (RedisClusterBroker broker = new RedisClusterBroker(config, "bounded",
                new HistoryPolicy(100, Duration.ofHours(1)).withMaxRooms(3))) {
            broker.start(events);
            Await.until(broker::isAvailable, () -> "every shard's subscriber connected");
            for (String room : rooms) {
                broker.publish(new ChatMessage(MessageType.TALK, room, "u", "hi", 1L))
                        .toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        }
        String index = keys.historyRooms();
        assertEquals(rooms.subList(3, 6), cluster.lines(cluster.ownerOf(index), "ZRANGE", index, "0", "-1"));
        for (int i = 0; i < 6; i++) {
            String room = rooms.get(i);
            RedisServer owner = cluster.ownerOf(keys.seq(room));
            assertEquals(List.of(i < 3 ? "0" : "2"), cluster.lines(owner, "EXISTS", keys.seq(room), keys.history(room)),
                    room + " on node " + owner.port());
        }
        assertEquals(3, events.limitsReached(Limit.HISTORY_ROOMS));
    }
}
