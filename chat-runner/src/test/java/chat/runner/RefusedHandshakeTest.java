package chat.runner;

import chat.endpoint.contract.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static chat.runner.ChatServers.loopback;
import static chat.runner.RawHttp.CONNECTION_UPGRADE;
import static chat.runner.RawHttp.KEY;
import static chat.runner.RawHttp.VERSION_13;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A handshake request that does not open a WebSocket gets a precise HTTP answer and loses its
 * socket right after it, long before HANDSHAKE_TIMEOUT_MS, however many come.
 */
class RefusedHandshakeTest {
    /** Far beyond the reads' timeout: a socket closed within that was closed by its answer, not the deadline. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);
    private static final int READ_TIMEOUT_MS = 5_000;
    private static final String ALLOWED_ORIGIN = "http://chat.example";
    private static final String PATH = "/ws/chat?userId=alice";
    /** Descriptors the JVM may open meanwhile for itself (class files, say): far fewer than 200. */
    private static final int FD_SLACK = 10;

    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = servers.start(loopback().withHandshakeTimeout(HANDSHAKE_TIMEOUT)
                .withAllowedOrigins(Set.of(ALLOWED_ORIGIN)));
    }

    @Test
    void aPostAskingForAWebSocketIsAnswered405AllowGetAndClosed() throws IOException {
        RawHttp.Answer answer = exchange(RawHttp.handshake("POST", PATH, CONNECTION_UPGRADE + KEY + VERSION_13
                + "Content-Length: 0\r\n"));
        assertEquals(405, answer.status(), answer.toString());
        assertEquals("GET", answer.header("Allow"));
        assertRefusedAndClosed(answer, "GET");
    }

    @Test
    void anHttp10HandshakeIsAnswered400AndClosed() throws IOException {
        RawHttp.Answer answer = exchange(RawHttp.handshake("GET", PATH, CONNECTION_UPGRADE + KEY + VERSION_13)
                .replaceFirst("HTTP/1.1", "HTTP/1.0"));
        assertEquals(400, answer.status(), answer.toString());
        assertRefusedAndClosed(answer, "HTTP/1.1");
    }

    @Test
    void aHandshakeWithoutKeyIsAnswered400AndClosed() throws IOException {
        RawHttp.Answer answer = exchange(RawHttp.handshake("GET", PATH, CONNECTION_UPGRADE + VERSION_13));
        assertEquals(400, answer.status(), answer.toString());
        assertRefusedAndClosed(answer, "Sec-WebSocket-Key");
    }

    @Test
    void aKeyThatIsNotSixteenBytesIsAnswered400AndClosed() throws IOException {
        RawHttp.Answer answer = exchange(RawHttp.handshake("GET", PATH, CONNECTION_UPGRADE + VERSION_13
                + "Sec-WebSocket-Key: c2hvcnQ=\r\n")); // "short"
        assertEquals(400, answer.status(), answer.toString());
        assertRefusedAndClosed(answer, "16 bytes");
    }

    @Test
    void anUnsupportedVersionIsAnswered426WithVersion13AndClosed() throws IOException {
        RawHttp.Answer answer = exchange(RawHttp.handshake("GET", PATH, CONNECTION_UPGRADE + KEY
                + "Sec-WebSocket-Version: 8\r\n"));
        assertEquals(426, answer.status(), answer.toString());
        assertEquals("13", answer.header("Sec-WebSocket-Version"));
        assertRefusedAndClosed(answer, "13");
    }

    @Test
    void aRefusedOriginIsAnswered403AndClosed() throws IOException {
        RawHttp.Answer answer = exchange(RawHttp.handshake("GET", PATH, CONNECTION_UPGRADE + KEY + VERSION_13
                + "Origin: http://elsewhere.example\r\n"));
        assertEquals(403, answer.status(), answer.toString());
        assertEquals("close", answer.header("Connection"));
        assertTrue(answer.closedByServer(), "the socket stayed open after the 403");
        assertEquals(0, server.hub().connectionCount());
    }

    @Test
    void twoHundredRefusedHandshakesLeaveNoSocketOpen() throws IOException {
        String[] refused = {
            RawHttp.handshake("POST", PATH, CONNECTION_UPGRADE + KEY + VERSION_13 + "Content-Length: 0\r\n"),
            RawHttp.handshake("GET", PATH, CONNECTION_UPGRADE + VERSION_13),
            RawHttp.handshake("GET", PATH, CONNECTION_UPGRADE + KEY + "Sec-WebSocket-Version: 8\r\n"),
            RawHttp.handshake("GET", PATH, CONNECTION_UPGRADE + KEY + VERSION_13 + "Origin: http://elsewhere.example\r\n"),
        };
        for (String request : refused) { // one of each first, so what they load is loaded before counting
            exchange(request);
        }
        Await.until(() -> server.openSockets() == 0, () -> "warm-up left open");
        long baselineFds = OpenFiles.countable() ? OpenFiles.count() : 0;

        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = RawHttp.open(server.port(), READ_TIMEOUT_MS);
                clients.add(socket);
                RawHttp.send(socket, refused[i % refused.length]);
            }
            for (Socket socket : clients) {
                RawHttp.Answer answer = RawHttp.answer(socket);
                assertTrue(answer.closedByServer(), "still open after " + answer.status() + ", " + READ_TIMEOUT_MS + " ms");
            }
            Await.until(() -> server.openSockets() == 0, () -> server.openSockets() + " sockets still open on the server");
            if (OpenFiles.countable()) {
                // the test's own 200 sockets are still open; the server's ends of them must all be gone
                Await.until(() -> OpenFiles.count() <= baselineFds + clients.size() + FD_SLACK,
                        () -> (OpenFiles.count() - baselineFds) + " descriptors more than before the " + clients.size()
                                + " client sockets were opened: the server holds some");
            }
        } finally {
            for (Socket socket : clients) {
                socket.close();
            }
        }
        if (OpenFiles.countable()) {
            Await.until(() -> OpenFiles.count() <= baselineFds + FD_SLACK,
                    () -> (OpenFiles.count() - baselineFds) + " descriptors more than before");
        }
        assertEquals(0, server.hub().connectionCount());
    }

    private RawHttp.Answer exchange(String request) throws IOException {
        try (Socket socket = RawHttp.open(server.port(), READ_TIMEOUT_MS)) {
            return RawHttp.exchange(socket, request);
        }
    }

    private static void assertRefusedAndClosed(RawHttp.Answer answer, String explanationMentions) {
        assertEquals("close", answer.header("Connection"), answer.toString());
        assertTrue(answer.header("Content-Type").startsWith("text/plain"), answer.toString());
        assertEquals(String.valueOf(answer.body().length()), answer.header("Content-Length"), answer.toString());
        assertTrue(answer.body().contains(explanationMentions), answer.body());
        assertTrue(answer.closedByServer(), "the socket stayed open " + READ_TIMEOUT_MS + " ms after the answer");
    }
}
