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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What waits to be written to one WebSocket's socket is bounded (here OUTBOUND_QUEUE_BYTES 64 KiB
 * plus 256 KiB of slack beyond the data frame in flight), pongs included, while a reader that keeps
 * up gets even frames far larger than that.
 */
class WriteQueueBoundTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long QUEUE_BYTES = 64 * 1024;
    /** Far more pongs than the bound and any socket buffers hold: a client still open after them was never cut off. */
    private static final int MAX_PINGS = 100_000;
    private static final int PONG = 0xA;

    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = servers.start(ChatServers.loopbackWithMetrics()
                // pings and talk far within the rate; a stalled write is not timed out during the test
                .withLimits(ChatServers.floodControlOff().withOutboundQueueBytes(QUEUE_BYTES)
                        .withSendTimeoutMillis(120_000)));
    }

    @Test
    void aClientThatPingsWithoutReadingIsTerminatedOnceItsWriteQueuePassesTheBound() throws IOException {
        try (TestClient talker = servers.connect(server, "talker");
             RawWebSocket stalled = RawWebSocket.connect(server.port(), "/ws/chat?userId=stalled", 4096)) {
            talker.enter("q");
            talker.expect("ENTER", "q", "talker");
            stalled.sendText("{\"type\":\"ENTER\",\"roomId\":\"q\"}");
            talker.expect("ENTER", "q", "stalled");
            if (OpenFiles.countable()) {
                assertTrue(OpenFiles.holdsSocket(server.port(), stalled.localPort()), "the server's end not found");
            }

            int pings = 0;
            try {
                while (pings < MAX_PINGS && server.hub().connectionCount() == 2) {
                    talker.talk("q", "queued for a reader that does not read, " + pings);
                    stalled.sendPings(1_000, 125); // never reads a pong
                    pings += 1_000;
                }
            } catch (IOException terminated) {
                // the server closed the socket under the pings: what is expected
            }
            Await.until(() -> server.hub().connectionCount() == 1,
                    () -> "still registered after " + MAX_PINGS + " pings: the write queue is not bounded");
            Await.until(() -> server.openSockets() == 1, () -> server.openSockets() + " WebSocket sockets open");
            if (OpenFiles.countable()) {
                Await.until(() -> !OpenFiles.holdsSocket(server.port(), stalled.localPort()),
                        () -> "the server still holds the terminated connection's descriptor");
            }
            assertEquals(1, Scrape.of(server.metricsPort()).value("chat_slow_consumer_disconnects_total"));
            assertTrue(talker.isOpen(), "the talker was closed too");
        }
    }

    @Test
    void aReaderThatKeepsUpGetsAHistoryPageLargerThanItsQueueWithItsPongs() throws IOException {
        String longTalk = "語".repeat(8_192); // 24 KiB of UTF-8: five of them fill a HISTORY page's 128 KiB
        try (TestClient talker = servers.connect(server, "talker");
             RawWebSocket reader = RawWebSocket.connect(server.port(), "/ws/chat?userId=reader", 4096)) {
            talker.enter("big");
            talker.expect("ENTER", "big", "talker");
            for (int i = 0; i < 100; i++) {
                talker.talk("big", longTalk);
                talker.expect("TALK", "big", "talker");
            }
            reader.sendText("{\"type\":\"ENTER\",\"roomId\":\"big\"}");
            talker.expect("ENTER", "big", "reader");
            // its own ENTER read first: with nothing else in flight, the page is written at once rather than
            // queued behind it, where the chat's own 64 KiB queue would refuse it
            assertEquals("ENTER", JSON.readTree(reader.readFrame().text()).path("type").asText());
            reader.sendText("{\"type\":\"HISTORY\",\"roomId\":\"big\",\"limit\":100}");
            reader.sendPings(10, 125); // answered while the page is on its way

            JsonNode page = null;
            int pongs = 0;
            while (page == null || pongs < 10) {
                RawWebSocket.Frame frame = reader.readFrame();
                assertNotNull(frame, "the reader was cut off after " + pongs + " pongs");
                if (frame.opcode() == PONG) {
                    pongs++;
                    continue;
                }
                JsonNode json = JSON.readTree(frame.text());
                if (json.path("type").asText().equals("HISTORY")) {
                    assertTrue(frame.payload().length > QUEUE_BYTES + 32 * 1024, "page of " + frame.payload().length + " bytes");
                    page = json;
                }
            }
            assertEquals(5, page.path("messages").size(), "the TALKs that fit in one page");
            assertTrue(page.path("more").asBoolean());
            assertEquals(2, server.hub().connectionCount());
            assertEquals(0, Scrape.of(server.metricsPort()).value("chat_slow_consumer_disconnects_total"));
        }
    }
}
