package chat.runner;

import chat.endpoint.contract.Await;
import chat.endpoint.contract.RawWebSocket;
import chat.endpoint.contract.TestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static chat.runner.ChatServers.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Members that stop reading while their room is flooded are dropped; everyone else gets everything. */
class SlowConsumerTest {
    private static final long QUEUE_BYTES = 1L << 20;
    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = servers.start(loopback().withLimits(ChatServers.floodControlOff()
                .withOutboundQueueBytes(QUEUE_BYTES).withSendTimeoutMillis(3_000)));
    }

    @Test
    void readersThatStopAreClosedAsSlowConsumersWhileFastMembersLoseNothing() throws IOException {
        List<RawWebSocket> stalled = new ArrayList<>();
        try (TestClient talker = servers.connect(server, "talker");
             TestClient fast = servers.connect(server, "fast")) {
            talker.enter("flood");
            talker.expect("ENTER", "flood", "talker");
            fast.enter("flood");
            fast.expect("ENTER", "flood", "fast");
            for (int i = 0; i < 3; i++) {
                RawWebSocket s = RawWebSocket.connect(server.port(), "/ws/chat?userId=stalled" + i, 4096);
                stalled.add(s);
                s.sendText("{\"type\":\"ENTER\",\"roomId\":\"flood\"}");
            }
            Await.until(() -> server.hub().connectionCount() == 5, () -> "stalled readers not connected");

            String text = "y".repeat(4_000);
            int messages = 1_500; // 6 MB per member: far past what a socket buffer and a 1 MiB queue hold
            long peakBacklog = 0;
            for (int i = 0; i < messages; i++) {
                talker.talk("flood", text + i);
                peakBacklog = Math.max(peakBacklog, server.hub().outboundBacklogBytes());
                if (i % 100 == 99) { // paced by its own echoes, so a member that reads keeps up
                    int echoes = 0;
                    while (echoes < 100) {
                        if (talker.next().path("type").asText().equals("TALK")) {
                            echoes++;
                        }
                    }
                }
            }
            int received = 0;
            while (received < messages) {
                peakBacklog = Math.max(peakBacklog, server.hub().outboundBacklogBytes());
                var frame = fast.next();
                if (frame.path("type").asText().equals("TALK")) {
                    assertEquals(text + received, frame.path("message").asText(), "fast member's order");
                    received++;
                }
            }
            Await.until(() -> server.hub().connectionCount() == 2,
                    () -> server.hub().connectionCount() + " connections: slow consumers not released while they do not read");
            // Their sockets too, although they still read nothing: the close frame waits behind
            // data they never take, so after the send timeout the server drops the connection.
            Await.until(() -> server.openSockets() == 2,
                    () -> server.openSockets() + " WebSocket sockets open: stalled readers' sockets not released");
            for (RawWebSocket s : stalled) {
                try {
                    int code = s.readCloseCode(); // the data that was already on its way, then the end
                    assertTrue(code == 1008 || code == -1, "stalled reader closed with " + code);
                } catch (IOException reset) {
                    // dropped with data still queued: a reset is what a terminated connection looks like
                }
            }
            Await.until(() -> server.hub().connectionCount() == 2,
                    () -> server.hub().connectionCount() + " connections: slow consumers still registered");
            // bounded by the members' queues (QUEUE_BYTES each), never the 6 MB each was sent
            assertTrue(peakBacklog <= 5 * QUEUE_BYTES, "peak backlog " + peakBacklog);
            System.out.println("slow consumers: peak outbound backlog " + peakBacklog + " bytes for 3 stalled readers"
                    + " and 2 fast members, each sent " + (long) messages * text.length() + " bytes");
            Await.until(() -> server.hub().outboundBacklogBytes() == 0, () -> "backlog left: " + server.hub().outboundBacklogBytes());
        } finally {
            for (RawWebSocket s : stalled) {
                s.close();
            }
        }
    }
}
