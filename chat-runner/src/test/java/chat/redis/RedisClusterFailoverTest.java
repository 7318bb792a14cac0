package chat.redis;

import chat.core.history.HistoryPolicy;
import chat.endpoint.contract.Await;
import chat.endpoint.contract.TestClient;
import chat.runner.ChatServer;
import chat.runner.ChatServers;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.perTest();
    @RegisterExtension
    final ChatServers servers = new ChatServers();

    private ChatServer instance(RedisCluster cluster, String name) throws IOException {
        RedisConfig config = RedisConfig.fromClusterNodes(cluster.seeds())
                .withTimings(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300));
        return servers.start(ChatServers.loopback().withInstanceId(name).withLimits(ChatServers.floodControlOff()),
                new RedisClusterBroker(config, name, HistoryPolicy.DEFAULT));
    }

    @Test
    void aRoomGoesOnThroughTheReplicaThatTookOverItsSlot() throws Exception {
        RedisCluster cluster = REDIS.startCluster(1);
        ChatServer east = instance(cluster, "east");
        ChatServer west = instance(cluster, "west");
        String room = "failover-room";
        RedisServer master = cluster.ownerOf(KEYS.seq(room));

        TestClient alice = servers.connect(east, "alice");
        TestClient bob = servers.connect(west, "bob");
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
