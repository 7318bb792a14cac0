package chat.runner.ops;

import chat.core.broker.inprocess.InProcessBroker;
import chat.endpoint.contract.Await;
import chat.endpoint.contract.RawWebSocket;
import chat.endpoint.contract.TestClient;
import chat.runner.ChatServer;
import chat.runner.ChatServers;
import chat.redis.RedisBroker;
import chat.redis.RedisConfig;
import chat.redis.RedisFixture;
import chat.redis.RedisServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The side port of a running server: /metrics moves with traffic, /health follows the broker. */
class MetricsAndHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.perTest();
    @RegisterExtension
    final ChatServers servers = new ChatServers();

    private ChatServer start(chat.core.broker.Broker broker, Duration shutdownTimeout) throws IOException {
        return servers.start(ChatServers.loopbackWithMetrics().withShutdownTimeout(shutdownTimeout)
                .withLimits(ChatServers.floodControlOff()
                        // the shutdown test needs a reader that stalls without being dropped as a slow consumer
                        .withOutboundQueueBytes(64L << 20).withSendTimeoutMillis(60_000)), broker);
    }

    @Test
    void metricsMoveWithTrafficAndGaugesReturnToBaselineWhenEveryoneLeaves() throws IOException {
        ChatServer server = start(new InProcessBroker(), Duration.ofSeconds(5));
        int port = server.metricsPort();
        Scrape before = Scrape.of(port);
        assertEquals(0, before.value("chat_connections_active"));
        assertEquals(0, before.value("chat_rooms_active"));
        assertEquals(1, before.value("chat_broker_up"));

        TestClient ann = servers.connect(server, "ann");
        TestClient bob = servers.connect(server, "bob");
        ann.enter("m");
        ann.expect("ENTER", "m", "ann");
        bob.enter("m");
        bob.expect("ENTER", "m", "bob");
        ann.expect("ENTER", "m", "bob");
        for (int i = 0; i < 3; i++) {
            ann.talk("m", "t" + i);
            ann.expect("TALK", "m", "ann");
            bob.expect("TALK", "m", "ann");
        }
        ann.send("not json");
        ann.expectError("BAD_JSON");
        ann.send("{\"type\":\"PING\"}");
        servers.connect(server, null).awaitClose(); // refused: no userId

        Scrape during = Scrape.of(port);
        assertEquals(2, during.value("chat_connections_active"));
        assertEquals(1, during.value("chat_rooms_active"));
        assertEquals(2, delta(before, during, "chat_connections_opened_total"));
        assertEquals(2, delta(before, during, "chat_frames_received_total{type=\"ENTER\"}"));
        assertEquals(3, delta(before, during, "chat_frames_received_total{type=\"TALK\"}"));
        assertEquals(1, delta(before, during, "chat_frames_received_total{type=\"INVALID\"}"));
        assertEquals(1, delta(before, during, "chat_frames_received_total{type=\"PING\"}"));
        assertEquals(1, delta(before, during, "chat_errors_sent_total{code=\"BAD_JSON\"}"));
        assertEquals(1, delta(before, during, "chat_handshakes_refused_total{reason=\"missing_user_id\"}"));
        assertEquals(5, delta(before, during, "chat_messages_published_total"), "2 ENTER + 3 TALK");
        assertEquals(5, delta(before, during, "chat_broker_messages_received_total"));
        assertEquals(1 + 2 + 3 * 2, delta(before, during, "chat_messages_broadcast_total"), "ENTERs to 1 then 2, TALKs to 2");
        assertEquals(5, delta(before, during, "chat_delivery_latency_seconds_count"));

        ann.close();
        bob.expect("LEAVE", "m", "ann");
        bob.close();
        Await.until(() -> Scrape.of(port).value("chat_connections_active") == 0, () -> "connections gauge did not return to 0");
        Scrape after = Scrape.of(port);
        assertEquals(0, after.value("chat_rooms_active"));
        assertEquals(2, delta(before, after, "chat_connections_closed_total{code=\"1000\"}"));
        assertEquals(7, delta(before, after, "chat_messages_published_total"), "plus one LEAVE per closed connection");
        assertEquals(1 + 2 + 3 * 2 + 1, delta(before, after, "chat_messages_broadcast_total"), "the first LEAVE reached bob");
        assertTrue(after.value("jvm_memory_used_bytes{area=\"heap\"}") > 0, "JVM metrics are exported");
    }

    @Test
    void closeCodesAClientPicksFreelyAreCountedAsOtherNotOneSeriesEach() throws Exception {
        ChatServer server = start(new InProcessBroker(), Duration.ofSeconds(5));
        int port = server.metricsPort();
        Scrape before = Scrape.of(port);
        int clients = 50;
        for (int i = 0; i < clients; i++) {
            try (RawWebSocket socket = RawWebSocket.connect(server.chatUri(), "?userId=closer" + i)) {
                int code = 3000 + i * 39; // 3000-4911: registered for libraries, frameworks and applications
                socket.sendFrame(0x8, new byte[] {(byte) (code >>> 8), (byte) code});
                socket.readCloseCode();
            }
        }
        Await.until(() -> Scrape.of(port).value("chat_connections_active") == 0, () -> "connections did not close");

        Scrape after = Scrape.of(port);
        assertEquals(clients, delta(before, after, "chat_connections_closed_total{code=\"other\"}"));
        Set<String> codes = new TreeSet<>();
        Matcher label = Pattern.compile("chat_connections_closed_total\\{code=\"([^\"]+)\"}").matcher(after.text());
        while (label.find()) {
            codes.add(label.group(1));
        }
        assertEquals(Set.of("1000", "1001", "1003", "1006", "1008", "1009", "1011", "1012", "other"), codes);
    }

    @Test
    void openMetricsIsServedWhenAsked() throws Exception {
        ChatServer server = start(new InProcessBroker(), Duration.ofSeconds(5));
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics"))
                        .header("Accept", "application/openmetrics-text; version=1.0.0").build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(response.body().trim().endsWith("# EOF"));
    }

    @Test
    void healthIsUpOnTheEmbeddedDefaultAndReadyTurnsDownDuringShutdown() throws Exception {
        ChatServer server = start(new InProcessBroker(), Duration.ofSeconds(2));
        int port = server.metricsPort();
        HttpResponse<String> health = Scrape.get(port, "/health");
        assertEquals(200, health.statusCode());
        JsonNode body = JSON.readTree(health.body());
        assertEquals("UP", body.path("status").asText());
        assertEquals("in-process", body.path("broker").path("type").asText());
        assertEquals(200, Scrape.get(port, "/health/live").statusCode());
        assertEquals(200, Scrape.get(port, "/health/ready").statusCode());
        assertEquals(404, Scrape.get(port, "/nothing-here").statusCode());

        // A member that stops reading while its room is busy: the SHUTDOWN notice waits behind
        // frames the kernel will not take, so the shutdown runs until its timeout.
        try (RawWebSocket stalled = RawWebSocket.connect(server.port(), "/ws/chat?userId=stalled", 4096)) {
            stalled.sendText("{\"type\":\"ENTER\",\"roomId\":\"busy\"}");
            Await.until(() -> server.hub().roomCount() == 1, () -> "the stalled client did not join");
            TestClient talker = servers.connect(server, "talker");
            talker.enter("busy");
            talker.expect("ENTER", "busy", "talker");
            String text = "x".repeat(8_000);
            for (int i = 0; i < 800; i++) {
                talker.talk("busy", text);
            }
            for (int i = 0; i < 800; i++) {
                talker.expect("TALK", "busy", "talker");
            }
            CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(server::shutdownGracefully);
            Await.until(() -> Scrape.get(port, "/health/ready").statusCode() == 503, () -> "ready stayed UP during shutdown");
            assertEquals(200, Scrape.get(port, "/health/live").statusCode(), "the process still runs");
            assertEquals(false, shutdown.get(10, java.util.concurrent.TimeUnit.SECONDS), "the stalled client timed out");
        }
    }

    @Test
    void healthIsDownWhileTheConfiguredRedisIsStoppedAndUpWhenItReturns() throws Exception {
        RedisServer redis = REDIS.startServer();
        ChatServer server = start(new RedisBroker(RedisConfig.fromUrl(redis.url())
                .withTimings(Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofMillis(300)), "health"),
                Duration.ofSeconds(3));
        int port = server.metricsPort();
        assertEquals(200, Scrape.get(port, "/health").statusCode());
        assertEquals("redis", JSON.readTree(Scrape.get(port, "/health").body()).path("broker").path("type").asText());

        redis.stop();
        Await.until(() -> Scrape.get(port, "/health").statusCode() == 503, () -> "/health stayed UP without Redis");
        assertEquals("DOWN", JSON.readTree(Scrape.get(port, "/health").body()).path("status").asText());
        assertEquals(0, Scrape.of(port).value("chat_broker_up"));
        assertEquals(200, Scrape.get(port, "/health/live").statusCode());

        redis.startAgain();
        Await.until(() -> Scrape.get(port, "/health").statusCode() == 200, () -> "/health did not come back UP");
        Scrape back = Scrape.of(port);
        assertEquals(1, back.value("chat_broker_up"));
        assertTrue(back.value("chat_broker_reconnects_total") >= 1, "reconnect counted");
    }

    @Test
    void everyMetricTheDashboardQueriesExistsInARealScrape() throws Exception {
        ChatServer server = start(new InProcessBroker(), Duration.ofSeconds(5));
        Path dashboard = Path.of(System.getProperty("chat.dashboard", "../deploy/grafana/chat-server-dashboard.json"));
        JsonNode root = JSON.readTree(Files.readString(dashboard));
        Set<String> queried = new TreeSet<>();
        Pattern metric = Pattern.compile("\\b((?:chat|jvm)_[a-z_]+)");
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = metric.matcher(target.path("expr").asText());
                while (m.find()) {
                    queried.add(m.group(1));
                }
            }
        }
        assertTrue(queried.size() >= 15, "the dashboard queries too little: " + queried);
        Set<String> exported = Scrape.of(server.metricsPort()).seriesNames();
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exported);
        assertTrue(missing.isEmpty(), "the dashboard queries series the server does not export: " + missing);
    }

    private static double delta(Scrape before, Scrape after, String sample) {
        return after.value(sample) - before.value(sample);
    }
}
