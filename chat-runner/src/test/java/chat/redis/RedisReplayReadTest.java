package chat.redis;

import chat.core.history.HistoryPolicy;
import chat.endpoint.contract.TestClient;
import chat.runner.ChatServer;
import chat.runner.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
    private static RedisServer redis;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private ChatServer server(RedisBroker broker, HistoryPolicy history) throws IOException {
        ChatServer server = ChatServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withMetricsPort(0).withInstanceId("reads").withHistory(history), broker);
        opened.add(server);
        return server;
    }

    private TestClient client(ChatServer server, String userId) {
        ClientManager manager = ClientManager.createClient();
        opened.add(manager::shutdown);
        TestClient c = TestClient.connect(manager, server.chatUri(), userId);
        opened.add(c);
        return c;
    }

    /** Stores TALKs 1 to {@code count} of {@code room}, each with a message of {@code chars} characters, as the TALK script would. */
    private static void fillHistory(String room, int count, int chars) {
        String text = "y".repeat(chars);
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
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
        ChatServer server = server(new RedisBroker(RedisConfig.fromUrl(redis.url()), "reads", history), history);
        String room = "long-history";
        fillHistory(room, 10_000, 4_000); // 40 MB; a replay may send half the outbound queue, 512 KiB
        RedisMonitor monitor = new RedisMonitor(redis);
        opened.add(monitor);

        TestClient bob = client(server, "bob");
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
