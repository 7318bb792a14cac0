package chat.redis;

import chat.core.history.HistoryPolicy;
import chat.endpoint.contract.Await;
import chat.endpoint.contract.TestClient;
import chat.runner.ChatServer;
import chat.runner.ChatServers;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two server instances on a real three-master Redis Cluster (sharded Pub/Sub): rooms on every
 * shard, traffic spread by slot, a master stopped and started again, and a slot resharded while
 * its room is busy. (The cluster broker on its own is tested in chat-redis:
 * {@code BrokerContractTest}, {@code RedisClusterBrokerOutageTest}, {@code RedisClusterHistoryRoomsTest}.)
 */
class RedisClusterTest {
    private static final RoomKeys KEYS = new RoomKeys(RedisConfig.DEFAULT_PREFIX);
    private static final AtomicInteger NAMES = new AtomicInteger();
    @RegisterExtension
    static final RedisFixture CLUSTER = RedisFixture.clusterForClass();

    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ExecutorService senders;

    @BeforeEach
    void setUp() {
        senders = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopSenders() throws InterruptedException {
        senders.shutdownNow();
        assertTrue(senders.awaitTermination(10, TimeUnit.SECONDS));
    }

    private static RedisCluster cluster() {
        return CLUSTER.cluster();
    }

    private ChatServer instance(String name, int metricsPort) throws IOException {
        RedisConfig config = CLUSTER.config()
                .withTimings(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300));
        HistoryPolicy history = new HistoryPolicy(1_000, Duration.ofHours(1));
        return servers.start(ChatServers.loopback().withMetricsPort(metricsPort).withInstanceId(name)
                .withHistory(history).withLimits(ChatServers.floodControlOff()),
                new RedisClusterBroker(config, name, history));
    }

    /** A fresh room id whose slot {@code node} owns. */
    private static String roomOn(RedisServer node) {
        while (true) {
            String room = "c-room-" + NAMES.incrementAndGet();
            if (cluster().ownerOf(KEYS.seq(room)) == node) {
                return room;
            }
        }
    }

    private static Map<Long, String> talksThrough(TestClient c, String room, long last, boolean resyncAllowed) {
        return Talks.through(c, room, last, resyncAllowed);
    }

    private static List<Long> range(long from, long to) {
        return Talks.range(from, to);
    }

    private static long counter(String room) {
        String key = KEYS.seq(room);
        String value = cluster().lines(cluster().ownerOf(key), "GET", key).get(0).trim();
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    @Test
    void roomsOnEveryShardDeliverAcrossInstancesInOrderWithHistoryReplay() throws IOException {
        ChatServer east = instance("east", 0);
        ChatServer west = instance("west", 0);
        for (RedisServer node : cluster().nodes()) {
            String room = roomOn(node);
            TestClient alice = servers.connect(east, "alice");
            TestClient bob = servers.connect(west, "bob");
            alice.enter(room);
            alice.expect("ENTER", room, "alice");
            bob.enter(room);
            bob.expect("ENTER", room, "bob");
            alice.expect("ENTER", room, "bob");
            for (int i = 1; i <= 5; i++) {
                alice.talk(room, "m" + i);
            }
            Map<Long, String> seen = talksThrough(bob, room, 5, false);
            assertEquals(range(1, 5), List.copyOf(seen.keySet()), "room " + room + " on node " + node.port());
            assertEquals("alice:m5", seen.get(5L));
            talksThrough(alice, room, 5, false);
            bob.send("LEAVE", room, "");
            alice.expect("LEAVE", room, "bob");

            TestClient carol = servers.connect(west, "carol");
            carol.send("{\"type\":\"ENTER\",\"roomId\":\"" + room + "\",\"lastSeq\":2}");
            for (long seq = 3; seq <= 5; seq++) {
                assertEquals(seq, carol.expect("TALK", room, "alice").get("seq").asLong());
            }
            carol.expect("ENTER", room, "carol");
        }
    }

    @Test
    void trafficSpreadsOverTheShardsAndEachNodeOnlyCarriesItsOwnChannels() throws IOException {
        ChatServer east = instance("east", 0);
        ChatServer west = instance("west", 0);
        TestClient alice = servers.connect(east, "alice");
        TestClient bob = servers.connect(west, "bob");
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            cluster().nodes().forEach(node -> rooms.add(roomOn(node)));
        }
        for (String room : rooms) {
            alice.enter(room);
            alice.expect("ENTER", room, "alice");
            bob.enter(room);
            bob.expect("ENTER", room, "bob");
            alice.expect("ENTER", room, "bob");
            alice.talk(room, "hello " + room);
            assertEquals(1, bob.expect("TALK", room, "alice").get("seq").asLong());
            alice.expect("TALK", room, "alice");
        }
        Set<String> carried = new HashSet<>();
        for (RedisServer node : cluster().nodes()) {
            List<String> channels = cluster().lines(node, "PUBSUB", "SHARDCHANNELS", "chat.room.*");
            assertEquals(4, channels.size(), "node " + node.port() + " carries its 4 rooms: " + channels);
            for (String channel : channels) {
                assertEquals(node, cluster().ownerOf(channel), channel + " is carried by a node that does not own it");
                assertEquals(List.of(channel, "2"), cluster().lines(node, "PUBSUB", "SHARDNUMSUB", channel),
                        "both instances subscribe " + channel + " on its own node");
                carried.add(channel);
            }
            String stats = String.join("\n", cluster().lines(node, "INFO", "commandstats"));
            assertTrue(stats.contains("cmdstat_evalsha:calls=") || stats.contains("cmdstat_eval:calls="),
                    "node " + node.port() + " ran TALK scripts: " + stats);
            assertTrue(stats.contains("cmdstat_spublish:calls="), "node " + node.port() + " published ENTERs: " + stats);
        }
        assertEquals(rooms.stream().map(KEYS::shardChannel).collect(java.util.stream.Collectors.toSet()), carried);
    }

    @Test
    void aStoppedMasterMakesOnlyItsRoomsUnavailableUntilItIsBack() throws Exception {
        int eastMetrics = RedisServer.freePort();
        ChatServer east = instance("east", eastMetrics);
        ChatServer west = instance("west", 0);
        RedisServer victim = cluster().nodes().get(0);
        String down = roomOn(victim);
        String alsoDown = roomOn(victim); // a second slot on the same shard: re-subscribed separately
        String calm = roomOn(cluster().nodes().get(1));
        TestClient alice = servers.connect(east, "alice");
        TestClient bob = servers.connect(west, "bob");
        TestClient carl = servers.connect(east, "carl"); // talks in the calm room only
        TestClient dora = servers.connect(west, "dora"); // listens to the calm room only
        for (String room : List.of(down, alsoDown)) {
            for (TestClient c : List.of(alice, bob)) {
                c.enter(room);
                c.expect("ENTER", room, c == alice ? "alice" : "bob");
            }
            alice.expect("ENTER", room, "bob");
        }
        for (TestClient c : List.of(carl, dora)) {
            c.enter(calm);
            c.expect("ENTER", calm, c == carl ? "carl" : "dora");
        }
        carl.expect("ENTER", calm, "dora");
        alice.talk(down, "before");
        assertEquals(1, bob.expect("TALK", down, "alice").get("seq").asLong());

        int calmCount = 300;
        Future<?> steady = senders.submit(() -> {
            for (int i = 0; i < calmCount; i++) {
                carl.talk(calm, "calm " + i);
                LockSupport.parkNanos(5_000_000);
            }
        });
        victim.stop();
        // the stopped shard's room is refused; retry until the broker has noticed
        Await.until(() -> {
            alice.talk(down, "while down");
            JsonNode f = alice.next();
            return f.path("type").asText().equals("ERROR") && f.path("code").asText().equals("UNAVAILABLE");
        }, () -> "room on the stopped master not refused");
        String victimShard = "127.0.0.1:" + victim.port();
        java.net.http.HttpResponse<String> health = chat.runner.ops.Scrape.get(eastMetrics, "/health");
        assertEquals(200, health.statusCode(), "other shards still serve: the instance stays in service");
        assertTrue(health.body().contains("\"status\":\"DEGRADED\"")
                && health.body().contains("{\"shard\":\"" + victimShard + "\",\"status\":\"DOWN\""), health.body());
        chat.runner.ops.Scrape scrape = chat.runner.ops.Scrape.of(eastMetrics);
        String upSeries = scrape.samples().keySet().stream()
                .filter(k -> k.startsWith("chat_broker_subscriber_up{") && k.contains("shard=\"" + victimShard + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("no subscriber gauge for " + victimShard));
        assertEquals(0.0, scrape.value(upSeries));
        victim.startAgain();
        cluster().awaitState("ok");
        Await.until(() -> {
            alice.talk(down, "after");
            JsonNode f = alice.next();
            while (f.path("type").asText().equals("RESYNC") || f.path("type").asText().equals("TALK")
                    && !f.path("message").asText().equals("after")) {
                f = alice.next();
            }
            return f.path("type").asText().equals("TALK");
        }, () -> "room on the restarted master not served again");
        JsonNode after = bobNextTalk(bob, down, "after");
        assertEquals("alice", after.path("userId").asText());
        alice.talk(alsoDown, "second room after");
        assertEquals("alice", bobNextTalk(bob, alsoDown, "second room after").path("userId").asText());
        steady.get(30, TimeUnit.SECONDS);

        Map<Long, String> calmSeen = talksThrough(dora, calm, calmCount, false);
        assertEquals(range(1, calmCount), List.copyOf(calmSeen.keySet()), "the calm shard lost nothing");
        for (JsonNode f = nextOrNull(carl); f != null; f = nextOrNull(carl)) {
            assertTrue(!f.path("type").asText().equals("ERROR"), "calm room refused a message: " + f);
        }
    }

    private static JsonNode nextOrNull(TestClient c) {
        return c.pending() == 0 ? null : c.next();
    }

    private static JsonNode bobNextTalk(TestClient bob, String room, String message) {
        while (true) {
            JsonNode f = bob.next();
            if (f.path("type").asText().equals("TALK") && f.path("message").asText().equals(message)
                    && room.equals(f.path("roomId").asText())) {
                return f;
            }
        }
    }

    @Test
    void aRoomKeepsDeliveringWithItsHistoryWhenItsSlotIsResharded() throws Exception {
        ChatServer east = instance("east", 0);
        ChatServer west = instance("west", 0);
        RedisServer from = cluster().nodes().get(2);
        RedisServer to = cluster().nodes().get(1);
        int slot = cluster().firstSlotOf(from);
        String room = null;
        for (int i = 0; room == null; i++) {
            String candidate = "moving-" + i;
            if (redis.clients.jedis.util.JedisClusterCRC16.getSlot(KEYS.seq(candidate)) == slot) {
                room = candidate;
            }
        }
        String r = room;
        TestClient alice = servers.connect(east, "alice");
        TestClient bob = servers.connect(west, "bob");
        alice.enter(r);
        alice.expect("ENTER", r, "alice");
        bob.enter(r);
        bob.expect("ENTER", r, "bob");
        for (int i = 1; i <= 10; i++) {
            alice.talk(r, "before " + i);
        }
        Map<Long, String> bobs = new LinkedHashMap<>(talksThrough(bob, r, 10, false));

        Future<?> traffic = senders.submit(() -> {
            for (int i = 0; i < 200; i++) {
                alice.talk(r, "during " + i);
                LockSupport.parkNanos(5_000_000);
            }
        });
        cluster().reshardOneSlot(from, to);
        assertEquals(to, cluster().ownerOf(KEYS.seq(r)), "the slot moved");
        traffic.get(30, TimeUnit.SECONDS);
        alice.talk(r, "after the move");
        Await.until(() -> counter(r) > 10, () -> "counter readable on the new owner");

        long accepted = counter(r);
        bobs.putAll(talksThrough(bob, r, accepted, false));
        assertEquals(range(1, accepted), List.copyOf(bobs.keySet()), "bob got every accepted TALK once, in order");
        assertTrue(bobs.containsValue("alice:after the move"));
        TestClient carol = servers.connect(west, "carol");
        carol.send("{\"type\":\"ENTER\",\"roomId\":\"" + r + "\",\"lastSeq\":0}");
        assertEquals(bobs, talksThrough(carol, r, accepted, false), "history intact after the move");
    }
}
