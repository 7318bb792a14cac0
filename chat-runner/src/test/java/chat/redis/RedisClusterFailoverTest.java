package chat.redis;

import chat.core.hub.ChatLimits;
import chat.core.history.HistoryPolicy;
import chat.endpoint.contract.Await;
import chat.endpoint.contract.TestClient;
import chat.runner.ChatServer;
import chat.runner.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Failover in a real Redis Cluster with a replica per master: the master of a busy room is killed,
 * its replica takes over the slots, and the room goes on through the new master on both instances.
 */
class RedisClusterFailoverTest {
    private static final RoomKeys KEYS = new RoomKeys(RedisConfig.DEFAULT_PREFIX);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private ClientManager client;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        if (client != null) {
            client.shutdown();
        }
    }

    private ChatServer instance(RedisCluster cluster, String name) throws IOException {
        RedisConfig config = RedisConfig.fromClusterNodes(cluster.seeds())
                .withTimings(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300));
        ChatServer server = ChatServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withMetricsPort(0).withInstanceId(name)
                .withLimits(ChatLimits.defaults().withRateBurst(1_000_000).withRatePerSecond(1_000_000)),
                new RedisClusterBroker(config, name, HistoryPolicy.DEFAULT));
        resources.add(server);
        return server;
    }

    @Test
    void aRoomGoesOnThroughTheReplicaThatTookOverItsSlot() throws Exception {
        RedisCluster cluster = RedisCluster.start(1);
        resources.add(cluster);
        client = ClientManager.createClient();
        ChatServer east = instance(cluster, "east");
        ChatServer west = instance(cluster, "west");
        String room = "failover-room";
        RedisServer master = cluster.ownerOf(KEYS.seq(room));

        TestClient alice = TestClient.connect(client, east.chatUri(), "alice");
        TestClient bob = TestClient.connect(client, west.chatUri(), "bob");
        resources.add(bob);
        resources.add(alice);
        alice.enter(room);
        alice.expect("ENTER", room, "alice");
        bob.enter(room);
        bob.expect("ENTER", room, "bob");
        alice.expect("ENTER", room, "bob");
        alice.talk(room, "before");
        assertEquals(1, bob.expect("TALK", room, "alice").get("seq").asLong());
        alice.expect("TALK", room, "alice");

        master.stop();
        List<RedisServer> survivors = new ArrayList<>(cluster.nodes());
        survivors.remove(master);
        // the survivors mark the master failed after the node timeout, then its replica takes over
        Await.until(() -> cluster.ownerOf(KEYS.seq(room)) != master, () -> "no replica took over the slot");
        cluster.awaitState("ok", survivors);
        assertNotEquals(master, cluster.ownerOf(KEYS.seq(room)), "the replica owns the room's slot now");

        // TALKs are refused with UNAVAILABLE until both instances have moved the room: retry until one is taken
        Await.until(() -> {
            alice.talk(room, "after failover");
            JsonNode f = alice.next();
            while (f.path("type").asText().equals("RESYNC")) {
                f = alice.next();
            }
            return f.path("type").asText().equals("TALK");
        }, () -> "the room on the promoted replica was never served");
        JsonNode delivered;
        do {
            delivered = bob.next();
        } while (!delivered.path("type").asText().equals("TALK") || !delivered.path("message").asText().equals("after failover"));
        assertEquals("alice", delivered.path("userId").asText());
        assertEquals(2, delivered.get("seq").asLong(), "the replica kept the room's numbering");
    }
}
