package chat.redis;

import chat.core.history.HistoryPolicy;
import chat.endpoint.contract.Await;
import chat.endpoint.contract.TestClient;
import chat.runner.ChatServer;
import chat.runner.ChatServers;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a forged TALK relayed on a room's channel costs end to end, through a real server and its
 * hub: the room's members get a RESYNC and the forged TALK, Redis runs a few commands for it, then
 * nothing while nobody talks. (How the broker itself drops what is not a chat message of the
 * channel's room is {@code RelayedMessageTest}, in chat-redis.)
 */
class RelayedTalkCostTest {
    private static final RoomKeys KEYS = new RoomKeys(RedisConfig.DEFAULT_PREFIX);
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.serverForClass();
    @RegisterExtension
    final ChatServers servers = new ChatServers();

    /** Calls per command since Redis started ({@code INFO commandstats}), commands run by scripts included. */
    private static Map<String, Long> commandCalls(Jedis jedis) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : jedis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String count = line.substring(line.indexOf("calls=") + "calls=".length());
                calls.put(name, Long.parseLong(count.substring(0, count.indexOf(','))));
            }
        }
        return calls;
    }

    /** What ran between two {@link #commandCalls}, without the test's own INFO and the subscribers' heartbeats. */
    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new TreeMap<>();
        after.forEach((name, calls) -> {
            long more = calls - before.getOrDefault(name, 0L);
            if (more > 0 && !name.equals("info") && !name.equals("subscribe")) {
                delta.put(name, more);
            }
        });
        return delta;
    }

    @Test
    void aTalkFarAboveTheRoomsCounterCostsAFewRedisCommandsThenNothingWhileNobodyTalks() throws Exception {
        RedisBroker broker = new RedisBroker(REDIS.config()
                .withTimings(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(500)), "feed",
                HistoryPolicy.DEFAULT);
        ChatServer server = servers.start(ChatServers.loopback().withInstanceId("feed"), broker);
        TestClient alice = servers.connect(server, "alice");
        alice.enter("forged");
        alice.expect("ENTER", "forged", "alice");
        alice.talk("forged", "real");
        assertEquals(1, alice.expect("TALK", "forged", "alice").get("seq").asLong());

        Jedis outsider = REDIS.jedis();
        // the echo comes from the TALK script's PUBLISH; the room's entry in the index of rooms with
        // a history is written after it, by the same command: measure once that is done too
        Await.until(() -> outsider.zscore(KEYS.historyRooms(), "forged") != null,
                () -> "the real TALK's room was never indexed");
        Map<String, Long> before = commandCalls(outsider);
        outsider.publish(KEYS.channel("forged"), "{\"type\":\"TALK\",\"roomId\":\"forged\",\"userId\":\"mallory\","
                + "\"message\":\"x\",\"ts\":1,\"seq\":1000000000}");
        JsonNode resync = alice.next();
        assertEquals("RESYNC", resync.path("type").asText(), resync.toString());
        assertEquals(1_000_000_000, alice.expect("TALK", "forged", "mallory").get("seq").asLong());
        Map<String, Long> handled = commandCalls(outsider);
        Map<String, Long> cost = delta(before, handled);
        long total = cost.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(total <= 6, "the forged TALK cost " + cost);

        // nobody talks while every subscriber connection beats three more times
        long beats = handled.getOrDefault("subscribe", 0L);
        Await.until(() -> commandCalls(outsider).getOrDefault("subscribe", 0L) >= beats + 3L * RedisConfig.DEFAULT_SUBSCRIBERS,
                () -> "no heartbeats");
        Map<String, Long> idle = delta(handled, commandCalls(outsider));
        assertEquals(Map.of(), idle, "commands while nobody talked");
        assertEquals(0, alice.pending());
        System.out.printf("a TALK 10^9 above the counter, members present: %s (%d commands), then %s%n", cost, total, idle);
    }
}
