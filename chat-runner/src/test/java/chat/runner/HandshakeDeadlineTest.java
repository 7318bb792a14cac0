package chat.runner;

import chat.endpoint.contract.TestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static chat.runner.ChatServers.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Connections that do not become WebSockets within HANDSHAKE_TIMEOUT_MS lose their sockets; WebSockets keep theirs. */
class HandshakeDeadlineTest {
    private static final Duration DEADLINE = Duration.ofMillis(300);
    /** Far longer than the deadline: a socket still open after this was not closed by it. */
    private static final int READ_TIMEOUT_MS = 10_000;

    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = servers.start(loopback().withHandshakeTimeout(DEADLINE));
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws IOException {
        long connected = System.nanoTime();
        try (Socket silent = connect()) {
            assertClosedByServerAtTheDeadline(silent, connected);
        }
    }

    @Test
    void aHandshakeThatNeverEndsIsClosedAtTheDeadlineWhileAnOpenWebSocketStays() throws IOException {
        try (TestClient alice = servers.connect(server, "alice")) {
            long connected = System.nanoTime();
            try (Socket slow = connect()) {
                slow.getOutputStream().write(("GET /ws/chat?userId=slow HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Upgrade: websocket\r\n").getBytes(StandardCharsets.US_ASCII)); // and never the rest
                assertClosedByServerAtTheDeadline(slow, connected);
            }
            // alice connected before the slow socket, so her deadline passed too: she is still served
            alice.enter("still-here");
            alice.expect("ENTER", "still-here", "alice");
            assertEquals(1, server.hub().connectionCount());
        }
    }

    @Test
    void aWebSocketsDeadlineLeavesTheSchedulerWhenItsHandshakeIsAnswered() {
        try (TestClient bo = servers.connect(server, "bo"); TestClient cy = servers.connect(server, "cy")) {
            bo.enter("r");
            bo.expect("ENTER", "r", "bo");
            cy.enter("r");
            cy.expect("ENTER", "r", "cy");
            // long before the deadline, nothing waits for them: an idle connection holds no timer
            assertEquals(0, server.scheduledDeadlines(), "deadline tasks left after two upgrades");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    /** Closed without an answer, not before the deadline (counted from a moment before the connect). */
    private static void assertClosedByServerAtTheDeadline(Socket socket, long connectedNanos) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            int read = in.read();
            assertEquals(-1, read, "the server closed the socket without answering");
        } catch (SocketTimeoutException e) {
            fail("the socket was still open " + READ_TIMEOUT_MS + " ms after connecting (deadline " + DEADLINE + ")");
        } catch (IOException reset) {
            // terminated: a reset is a close too
        }
        long openMillis = (System.nanoTime() - connectedNanos) / 1_000_000;
        assertTrue(openMillis >= DEADLINE.toMillis(), "closed after " + openMillis + " ms, before the deadline " + DEADLINE);
    }
}
