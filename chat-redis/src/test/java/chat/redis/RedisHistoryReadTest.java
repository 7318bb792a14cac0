package chat.redis;

import chat.core.broker.BrokerUnavailableException;
import chat.core.protocol.ChatMessage;
import chat.core.history.HistoryBounds;
import chat.core.history.HistoryPolicy;
import chat.core.history.HistorySlice;
import chat.core.events.Limit;
import chat.core.protocol.MessageType;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * History reads against a real redis-server: they have their own threads and queue, apart from
 * publishing, and read only what they may return. Full queues are refused and reported.
 */
class RedisHistoryReadTest {
    private static final RoomKeys KEYS = new RoomKeys(RedisConfig.DEFAULT_PREFIX);
    private static RedisServer redis;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();

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

    private RedisBroker broker(RedisConfig config, HistoryPolicy history) {
        RedisBroker broker = new RedisBroker(config, "reads", history);
        opened.add(broker);
        broker.start(listener);
        return broker;
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

    private static ChatMessage talk(String room, String text) {
        return new ChatMessage(MessageType.TALK, room, "u", text, 1L);
    }

    @Test
    void talksSucceedWhileTheHistoryReadQueueIsFull() throws Exception {
        RedisBroker broker = broker(RedisConfig.fromUrl(redis.url())
                .withTimings(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(500)), HistoryPolicy.DEFAULT);
        broker.subscribe("busy").toCompletableFuture().get(5, TimeUnit.SECONDS);
        String kilobyte = "x".repeat(1_000);
        for (int i = 1; i <= 100; i++) { // every page read below is 100 KB: what a HISTORY flood asks for
            broker.publish(talk("busy", kilobyte)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(i, listener.next().seq());
        }

        List<CompletableFuture<HistorySlice>> reads = new ArrayList<>();
        for (int i = 0; i < 2 * RedisConfig.READ_QUEUE; i++) { // many more than the readers can take in time
            reads.add(broker.historyBefore("busy", Long.MAX_VALUE, new HistoryBounds(100, 128 << 10)).toCompletableFuture());
        }
        broker.publish(talk("busy", "still accepted")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        ChatMessage delivered = listener.next();
        assertEquals("still accepted", delivered.message());
        assertEquals(101, delivered.seq());

        assertTrue(listener.limitsReached(Limit.BROKER_QUEUE) > 0, "a full read queue is reported");
        Throwable refused = reads.get(reads.size() - 1).handle((slice, e) -> e).join();
        assertInstanceOf(BrokerUnavailableException.class,
                refused instanceof CompletionException ? refused.getCause() : refused, "the last read found the queue full");
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

    @Test
    void aFullPublishQueueFailsTheTalkAsUnavailableAndIsReported() throws Exception {
        RedisConfig base = RedisConfig.fromUrl(redis.url());
        RedisConfig oneWaiting = new RedisConfig(base.host(), base.port(), null, null, 0, false, 1, 1, Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofMillis(500), 1, List.of(), 1, base.prefix());
        RedisBroker broker = broker(oneWaiting, HistoryPolicy.DEFAULT);
        List<CompletableFuture<Void>> talks = new ArrayList<>();
        for (int i = 0; i < 50; i++) { // one runs, one waits, the others find the queue full
            talks.add(broker.publish(talk("crowded", "t" + i)).toCompletableFuture());
        }
        long refused = talks.stream().map(t -> t.handle((ok, e) -> e).join())
                .filter(e -> (e instanceof CompletionException ? e.getCause() : e) instanceof BrokerUnavailableException)
                .count();
        assertTrue(refused > 0, "no TALK was refused");
        assertEquals(refused, listener.limitsReached(Limit.BROKER_QUEUE));
    }
}
