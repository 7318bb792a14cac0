package chat.loadtest;

import chat.core.hub.ChatLimits;
import chat.core.broker.inprocess.InProcessBroker;
import chat.runner.ChatServer;
import chat.runner.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small environment-driven run against a real server: the load tester's summary must agree with
 * what the server's own metrics counted while the TALKs flowed.
 */
class RoomsRunTest {

    @Test
    @Timeout(90)
    void theSummaryMatchesTheServersMetrics() throws Exception {
        int metricsPort;
        try (ServerSocket free = new ServerSocket(0)) {
            metricsPort = free.getLocalPort();
        }
        try (ChatServer server = ChatServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                .withMetricsPort(metricsPort)
                .withLimits(ChatLimits.defaults().withRateBurst(1_000_000).withRatePerSecond(1_000_000)),
                new InProcessBroker())) {
            RoomsConfig config = RoomsConfig.fromEnv(Map.of("TARGET_URL", server.chatUri().toString(),
                    "CONN_COUNT", "300", "ROOM_COUNT", "6", "MSG_RATE", "150", "DURATION_SEC", "2",
                    "BATCH_SIZE", "100", "BATCH_DELAY_MS", "100", "CLIENT_ID", "check", "DRAIN_SEC", "10"), 1);
            int port = metricsPort;
            double[] before = new double[2];
            double[] after = new double[2];
            RoomsResult result = new RoomsRun(config, System.err, new RoomsRun.Phases() {
                @Override
                public void beforeSending() {
                    before[0] = metric(port, "chat_frames_received_total{type=\"TALK\"}");
                    before[1] = metric(port, "chat_messages_broadcast_total");
                }

                @Override
                public void afterDraining() {
                    after[0] = metric(port, "chat_frames_received_total{type=\"TALK\"}");
                    after[1] = metric(port, "chat_messages_broadcast_total");
                }
            }).run();

            System.err.println(result.describe());
            assertTrue(result.succeeded(), result::describe);
            assertEquals(300, result.joined());
            assertEquals(300, result.sent(), "150/s for 2 s");
            assertEquals(300L * 50, result.expectedDeliveries(), "each TALK to the 50 members of its room");
            assertEquals(result.sent(), (long) (after[0] - before[0]), "TALKs the server received");
            assertEquals(result.received(), (long) (after[1] - before[1]), "deliveries the server queued");
            assertEquals(0, result.missing());
            assertTrue(result.latencyMs().count() > 0 && result.latencyMs().p99() > 0);
        }
    }

    private static double metric(int port, String sample) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith(sample + " ")) {
                    return Double.parseDouble(line.substring(sample.length() + 1));
                }
            }
            throw new AssertionError(sample + " not in /metrics");
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
