package chat.runner;

import chat.endpoint.contract.Await;
import chat.endpoint.contract.RawWebSocket;
import chat.endpoint.contract.TestClient;
import chat.runner.ops.Scrape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Pings count against a connection's rate limit like text frames do (RATE_BURST 20, RATE_PER_SECOND
 * 10 here, the defaults): a flood is closed with 1008, a client within the rate is answered.
 */
class PingRateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PONG = 0xA;
    private static final int TEXT = 0x1;

    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = servers.start(ChatServers.loopbackWithMetrics());
    }

    @Test
    void aPingFloodIsClosedWith1008RateLimitExceeded() throws IOException {
        try (RawWebSocket flooder = RawWebSocket.connect(server.port(), "/ws/chat?userId=flooder")) {
            Await.until(() -> server.hub().connectionCount() == 1, () -> "flooder not registered");
            flooder.sendPings(200, 125);
            RawWebSocket.Close close = flooder.readClose();
            assertEquals(1008, close.code(), close.toString());
            assertEquals("rate limit exceeded", close.reason());
        }
        Await.until(() -> server.hub().connectionCount() == 0 && server.openSockets() == 0,
                () -> server.hub().connectionCount() + " connections, " + server.openSockets() + " sockets left");
        assertEquals(1, Scrape.of(server.metricsPort()).value("chat_rate_limited_total"));
    }

    @Test
    void aClientThatPingsWithinTheRateKeepsGettingPongsAndMessages() throws IOException {
        try (TestClient bob = servers.connect(server, "bob");
             RawWebSocket pinger = RawWebSocket.connect(server.port(), "/ws/chat?userId=pinger")) {
            bob.enter("pings");
            bob.expect("ENTER", "pings", "bob");
            pinger.sendText("{\"type\":\"ENTER\",\"roomId\":\"pings\"}");
            bob.expect("ENTER", "pings", "pinger");
            List<String> talks = new ArrayList<>();
            for (int round = 0; round < 3; round++) { // 15 pings: within the burst of 20
                for (int i = 0; i < 5; i++) {
                    pinger.sendPing(("ping " + round + "." + i).getBytes(StandardCharsets.UTF_8));
                }
                bob.talk("pings", "round " + round);
                talks.add("round " + round);
                for (int i = 0; i < 5; i++) {
                    RawWebSocket.Frame pong = nextOf(pinger, PONG);
                    assertArrayEquals(("ping " + round + "." + i).getBytes(StandardCharsets.UTF_8), pong.payload());
                }
            }
            List<String> received = new ArrayList<>();
            while (received.size() < talks.size()) {
                JsonNode frame = JSON.readTree(nextOf(pinger, TEXT).text());
                if (frame.path("type").asText().equals("TALK")) {
                    received.add(frame.path("message").asText());
                }
            }
            assertEquals(talks, received);
            assertEquals(2, server.hub().connectionCount());
        }
        assertEquals(0, Scrape.of(server.metricsPort()).value("chat_rate_limited_total"));
    }

    /** The next frame with {@code opcode}; frames of the other kind read meanwhile are kept for later. */
    private final List<RawWebSocket.Frame> skipped = new ArrayList<>();

    private RawWebSocket.Frame nextOf(RawWebSocket socket, int opcode) throws IOException {
        for (int i = 0; i < skipped.size(); i++) {
            if (skipped.get(i).opcode() == opcode) {
                return skipped.remove(i);
            }
        }
        while (true) {
            RawWebSocket.Frame frame = socket.readFrame();
            assertNotNull(frame, "the server closed the connection");
            if (frame.opcode() == opcode) {
                return frame;
            }
            skipped.add(frame);
        }
    }
}
