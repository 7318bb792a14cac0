package chat.redis;

import chat.core.broker.Broker;
import chat.core.history.HistoryPolicy;
import chat.core.broker.inprocess.InProcessBroker;
import chat.endpoint.contract.Await;
import chat.endpoint.contract.TestClient;
import chat.runner.ChatServer;
import chat.runner.ChatServers;
import chat.runner.ops.Scrape;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Room history and loss-free reconnect, end to end: real servers, real WebSocket clients, and for
 * the Redis runs a real redis-server shared by two instances. Each test runs on the embedded
 * default (one instance, in-process broker) and on Redis.
 */
class HistoryEndToEndTest {
    private static final RoomKeys KEYS = new RoomKeys(RedisConfig.DEFAULT_PREFIX);
    private static final AtomicInteger ROOMS = new AtomicInteger();
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.serverForClass();

    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ExecutorService senders;
    private String room;

    @BeforeEach
    void setUp() {
        senders = Executors.newCachedThreadPool();
        room = "history-" + ROOMS.incrementAndGet();
    }

    @AfterEach
    void stopSenders() throws InterruptedException {
        senders.shutdownNow();
        assertTrue(senders.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** Two instances on Redis, or the embedded default's one instance twice. */
    private List<ChatServer> instances(String kind, HistoryPolicy history) throws IOException {
        if (kind.equals("in-process")) {
            ChatServer only = start("solo", new InProcessBroker(history), history, 0);
            return List.of(only, only);
        }
        return List.of(redisInstance("east", history, 0), redisInstance("west", history, 0));
    }

    private ChatServer redisInstance(String name, HistoryPolicy history, int metricsPort) throws IOException {
        RedisConfig config = REDIS.config()
                .withTimings(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300));
        return start(name, new RedisBroker(config, name, history), history, metricsPort);
    }

    private ChatServer start(String name, Broker broker, HistoryPolicy history, int metricsPort) throws IOException {
        return servers.start(ChatServers.loopback().withMetricsPort(metricsPort).withInstanceId(name)
                .withHistory(history).withLimits(ChatServers.floodControlOff()), broker);
    }

    private TestClient joined(ChatServer server, String userId) {
        TestClient c = servers.connect(server, userId);
        c.enter(room);
        c.expect("ENTER", room, userId);
        return c;
    }

    private void resume(TestClient c, long lastSeq) {
        c.send("{\"type\":\"ENTER\",\"roomId\":\"" + room + "\",\"lastSeq\":" + lastSeq + "}");
    }

    private Map<Long, String> talksThrough(TestClient c, long last) {
        return Talks.through(c, room, last, false);
    }

    private static List<Long> range(long from, long to) {
        return Talks.range(from, to);
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis"})
    void reconnectingWithLastSeqAfterMissingThirtyGetsExactlyThoseThenLiveOnes(String kind) throws IOException {
        List<ChatServer> at = instances(kind, HistoryPolicy.DEFAULT);
        TestClient alice = joined(at.get(0), "alice");
        TestClient bob = joined(at.get(1), "bob");
        for (int i = 1; i <= 5; i++) {
            alice.talk(room, "m" + i);
        }
        assertEquals(range(1, 5), List.copyOf(talksThrough(bob, 5).keySet()));
        bob.close(); // a network blip

        for (int i = 6; i <= 35; i++) {
            alice.talk(room, "m" + i);
        }
        talksThrough(alice, 35);
        TestClient bobAgain = servers.connect(at.get(1), "bob");
        resume(bobAgain, 5);
        for (long seq = 6; seq <= 35; seq++) {
            JsonNode talk = bobAgain.expect("TALK", room, "alice");
            assertEquals(seq, talk.get("seq").asLong());
            assertEquals("m" + seq, talk.get("message").asText());
        }
        bobAgain.expect("ENTER", room, "bob");
        alice.talk(room, "live");
        JsonNode live = bobAgain.expect("TALK", room, "alice");
        assertEquals(36, live.get("seq").asLong());
        assertEquals(0, bobAgain.pending());
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis"})
    void concurrentSendersWhileAClientReplaysLeaveNoDuplicateNoGapAndOneOrder(String kind) throws Exception {
        List<ChatServer> at = instances(kind, new HistoryPolicy(1_000, Duration.ofHours(1)));
        TestClient alice = joined(at.get(0), "alice");
        TestClient carol = joined(at.get(1), "carol");
        TestClient dave = joined(at.get(1), "dave");
        TestClient bob = joined(at.get(1), "bob");
        for (int i = 1; i <= 20; i++) {
            alice.talk(room, "warm-up " + i);
        }
        talksThrough(bob, 20);
        bob.close();

        int each = 150;
        Future<?> a = senders.submit(() -> sendPaced(alice, "a", each));
        Future<?> c = senders.submit(() -> sendPaced(carol, "c", each));
        TestClient bobAgain = servers.connect(at.get(1), "bob");
        resume(bobAgain, 20); // while both send
        a.get(20, TimeUnit.SECONDS);
        c.get(20, TimeUnit.SECONDS);

        long last = 20 + 2L * each;
        Map<Long, String> seenByAlice = talksThrough(alice, last);
        assertEquals(range(1, last), List.copyOf(seenByAlice.keySet()));
        assertEquals(seenByAlice, talksThrough(carol, last));
        assertEquals(seenByAlice, talksThrough(dave, last));
        Map<Long, String> replayedAndLive = talksThrough(bobAgain, last);
        assertEquals(range(21, last), List.copyOf(replayedAndLive.keySet()));
        replayedAndLive.forEach((seq, text) -> assertEquals(seenByAlice.get(seq), text, "seq " + seq));
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis"})
    void aGapOlderThanTheHistoryIsToldToTheClient(String kind) throws IOException {
        List<ChatServer> at = instances(kind, new HistoryPolicy(10, Duration.ofHours(1)));
        TestClient alice = joined(at.get(0), "alice");
        for (int i = 1; i <= 30; i++) {
            alice.talk(room, "m" + i);
        }
        talksThrough(alice, 30);

        TestClient bob = servers.connect(at.get(1), "bob");
        resume(bob, 5);
        JsonNode resync = bob.next();
        assertEquals("RESYNC", resync.path("type").asText(), resync.toString());
        assertEquals(room, resync.path("roomId").asText());
        assertEquals(5, resync.path("lastSeq").asLong());
        assertEquals(21, resync.path("firstSeq").asLong());
        for (long seq = 21; seq <= 30; seq++) {
            assertEquals(seq, bob.expect("TALK", room, "alice").get("seq").asLong());
        }
        bob.expect("ENTER", room, "bob");
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis"})
    void historyPagesAreServedToMembers(String kind) throws IOException {
        List<ChatServer> at = instances(kind, HistoryPolicy.DEFAULT);
        TestClient alice = joined(at.get(0), "alice");
        for (int i = 1; i <= 12; i++) {
            alice.talk(room, "m" + i);
        }
        talksThrough(alice, 12);
        TestClient bob = joined(at.get(1), "bob");
        alice.expect("ENTER", room, "bob");
        bob.send("{\"type\":\"HISTORY\",\"roomId\":\"" + room + "\",\"beforeSeq\":11,\"limit\":5}");
        JsonNode page = bob.next();
        assertEquals("HISTORY", page.path("type").asText(), page.toString());
        List<Long> seqs = new ArrayList<>();
        page.get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
        assertEquals(range(6, 10), seqs);
        assertEquals("m6", page.get("messages").get(0).get("message").asText());
        assertTrue(page.get("more").asBoolean());
    }

    @Test
    void historyLivesWhileTheRoomHasMembersAnywhereAndExpiresAfterTheLastLeft() throws Exception {
        HistoryPolicy shortLived = new HistoryPolicy(100, Duration.ofSeconds(1));
        ChatServer east = redisInstance("east", shortLived, 0);
        ChatServer west = redisInstance("west", shortLived, 0);
        TestClient alice = joined(east, "alice");
        TestClient bob = joined(west, "bob");
        alice.expect("ENTER", room, "bob");
        for (int i = 1; i <= 3; i++) {
            alice.talk(room, "m" + i);
        }
        talksThrough(bob, 3);
        talksThrough(alice, 3);
        bob.send("LEAVE", room, ""); // west's local room empties; east still has alice
        alice.expect("LEAVE", room, "bob");

        Thread.sleep(2_000); // twice the retention passes (nothing to await: the point is that nothing happens)
        assertEquals(":1", REDIS.server().command("EXISTS " + KEYS.history(room)), "history kept while alice is there");
        TestClient carol = servers.connect(west, "carol");
        resume(carol, 0);
        assertEquals(List.of(1L, 2L, 3L), List.copyOf(talksThrough(carol, 3).keySet()));
        carol.expect("ENTER", room, "carol");
        carol.send("LEAVE", room, "");
        alice.expect("ENTER", room, "carol");
        alice.expect("LEAVE", room, "carol");

        alice.send("LEAVE", room, "");
        Await.until(() -> ":0".equals(REDIS.server().command("EXISTS " + KEYS.history(room) + " " + KEYS.seq(room))),
                () -> "history of an empty room still there after its retention");
    }

    @Test
    void subscriberConnectionsKilledUnderTrafficLoseNothingForLocalMembers() throws Exception {
        int eastMetrics = RedisServer.freePort();
        int westMetrics = RedisServer.freePort();
        ChatServer east = redisInstance("east", HistoryPolicy.DEFAULT, eastMetrics);
        ChatServer west = redisInstance("west", HistoryPolicy.DEFAULT, westMetrics);
        TestClient alice = joined(east, "alice");
        TestClient carol = joined(west, "carol");
        TestClient dave = joined(west, "dave");
        TestClient erin = joined(east, "erin");

        // both instances publish throughout: whichever resubscribes later misses what the other sent
        // meanwhile; TALKs refused while an instance is cut off get UNAVAILABLE and no seq
        int each = 400;
        Future<?> a = senders.submit(() -> sendPaced(alice, "a", each));
        Future<?> c = senders.submit(() -> sendPaced(carol, "c", each));
        Await.until(() -> acceptedSoFar() >= 20, () -> "traffic did not start: " + acceptedSoFar() + " accepted");
        String killed = REDIS.server().command("CLIENT KILL TYPE pubsub");
        assertTrue(killed != null && killed.startsWith(":") && !killed.equals(":0"), "killed: " + killed);
        a.get(30, TimeUnit.SECONDS);
        c.get(30, TimeUnit.SECONDS);

        long accepted = acceptedSoFar();
        assertTrue(accepted > 0 && accepted <= 2L * each, "accepted " + accepted);
        Map<Long, String> davesView = talksThrough(dave, accepted);
        assertEquals(range(1, accepted), List.copyOf(davesView.keySet()), "dave on west");
        assertEquals(davesView, talksThrough(erin, accepted), "erin on east");
        assertEquals(0, dave.pending(), "nothing after the last accepted TALK");
        assertTrue(Scrape.of(westMetrics).value("chat_broker_reconnects_total") >= 1, "west reconnected");
        assertTrue(Scrape.of(eastMetrics).value("chat_broker_reconnects_total") >= 1, "east reconnected");
        System.out.printf("pubsub kill: %d of %d TALKs accepted; recovered from history: east %.0f, west %.0f%n",
                accepted, 2 * each, Scrape.of(eastMetrics).value("chat_history_recovered_total"),
                Scrape.of(westMetrics).value("chat_history_recovered_total"));
    }

    /** The room's seq counter: TALKs accepted so far. */
    private long acceptedSoFar() {
        String counter = REDIS.server().command("INCRBY " + KEYS.seq(room) + " 0");
        return Long.parseLong(counter.substring(1));
    }

    private void sendPaced(TestClient c, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            c.talk(room, prefix + i);
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
    }
}
