package chat.redis;

import chat.core.history.HistoryPolicy;
import chat.endpoint.contract.TestClient;
import chat.runner.ChatServer;
import chat.runner.ChatServers;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client's replay over a long history in a real redis-server, through a real server: the hub
 * sends what fits in half its outbound queue, and the READ script asks Redis for no more entries
 * than it sends plus one chunk ({@code MONITOR} shows every XREVRANGE).
 */
class RedisReplayReadTest {
    private static final RoomKeys KEYS = new RoomKeys(RedisConfig.DEFAULT_PREFIX);
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.serverForClass();
    @RegisterExtension
    final ChatServers servers = new ChatServers();

    /** Stores TALKs 1 to {@code count} of {@code room}, each with a message of {@code chars} characters, as the TALK script would. */
    private static void fillHistory(String room, int count, int chars) {
        String text = "y".repeat(chars);
        try (Jedis jedis = new Jedis("127.0.0.1", REDIS.server().port())) {
            Pipeline pipeline = jedis.pipelined();
            for (long seq = 1; seq <= count; seq++) {
                String json = "{\"type\":\"TALK\",\"roomId\":\"" + room + "\",\"userId\":\"filler\",\"message\":\""
                        + text + "\",\"ts\":1,\"seq\":" + seq + "}";
                pipeline.xadd(KEYS.history(room), XAddParams.xAddParams().id(new StreamEntryID(seq, 0)), Map.of("m", json));
            }
            pipeline.set(KEYS.seq(room), Integer.toString(count));
            pipeline.sync();
        }
    }

    @Test
    void aReplayOverTenThousandLargeEntriesReadsOnlyWhatItSendsPlusOneChunk() throws Exception {
        HistoryPolicy history = new HistoryPolicy(HistoryPolicy.MAX_SIZE, Duration.ofHours(1));
        ChatServer server = servers.start(ChatServers.loopback().withInstanceId("reads").withHistory(history),
                new RedisBroker(REDIS.config(), "reads", history));
        String room = "long-history";
        fillHistory(room, 10_000, 4_000); // 40 MB; a replay may send half the outbound queue, 512 KiB
        RedisMonitor monitor = REDIS.closeAfterTest(new RedisMonitor(REDIS.server()));

        TestClient bob = servers.connect(server, "bob");
        bob.send("{\"type\":\"ENTER\",\"roomId\":\"" + room + "\",\"lastSeq\":0}");
        JsonNode resync = bob.next();
        assertEquals("RESYNC", resync.path("type").asText(), resync.toString());
        Map<Long, String> replayed = Talks.through(bob, room, 10_000, false);
        bob.expect("ENTER", room, "bob");
        assertTrue(replayed.size() > 100 && replayed.size() < 130, replayed.size() + " TALKs of ~4 KB in 512 KiB");

        List<String> reads = monitor.commands(line -> line.contains("\"XREVRANGE\""));
        long entriesAskedFor = reads.stream()
                .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1).replace("\"", "")))
                .sum();
        assertTrue(entriesAskedFor <= replayed.size() + HistoryScripts.FIRST_CHUNK,
                "XREVRANGE asked for " + entriesAskedFor + " entries to send " + replayed.size() + ": " + reads);
        System.out.printf("replay over 10,000 entries of 4 KB: %d TALKs sent, XREVRANGE asked for %d entries in %d calls%n",
                replayed.size(), entriesAskedFor, reads.size());
    }
}
