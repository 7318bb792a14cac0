package chat.runner;

import chat.endpoint.contract.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import static chat.runner.ChatServers.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GracefulShutdownTest {
    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = servers.start(loopback().withShutdownTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void everyClientGetsTheNoticeAfterItsQueuedMessagesThenCloses1012() {
        TestClient alice = servers.connect(server, "alice");
        TestClient bob = servers.connect(server, "bob");
        alice.enter("lobby");
        alice.expect("ENTER", "lobby", "alice");
        bob.enter("lobby");
        bob.expect("ENTER", "lobby", "bob");
        alice.expect("ENTER", "lobby", "bob");
        bob.talk("lobby", "last words");
        bob.expect("TALK", "lobby", "bob");

        assertTrue(server.shutdownGracefully(), "all connections closed within the timeout");

        assertEquals("last words", alice.expect("TALK", "lobby", "bob").path("message").asText());
        for (TestClient c : new TestClient[] {alice, bob}) {
            JsonNode notice = c.next();
            assertEquals("SHUTDOWN", notice.path("type").asText(), notice.toString());
            assertEquals("server is restarting, please reconnect", notice.path("message").asText());
            CloseReason reason = c.awaitClose();
            assertEquals(1012, reason.getCloseCode().getCode());
        }
        assertEquals(0, server.hub().connectionCount());
    }

    @Test
    void newConnectionsAreRefusedOnceShutdownBegins() {
        URI uri = server.chatUri();
        assertTrue(server.shutdownGracefully());
        assertThrows(DeploymentException.class, () -> servers.clients().manager().connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
            }
        }, URI.create(uri + "?userId=late")));
    }

    @Test
    void shutdownWithoutClientsCompletesAtOnce() {
        assertTrue(server.shutdownGracefully());
        server.close(); // idempotent after the graceful close
    }
}
