package chat.runner;

import chat.core.broker.inprocess.InProcessBroker;
import chat.endpoint.contract.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GracefulShutdownTest {
    private ChatServer server;
    private ClientManager client;

    @BeforeEach
    void start() throws IOException {
        server = ChatServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withMetricsPort(0)
                .withShutdownTimeout(Duration.ofSeconds(5)), new InProcessBroker());
        client = ClientManager.createClient();
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.close();
    }

    @Test
    void everyClientGetsTheNoticeAfterItsQueuedMessagesThenCloses1012() {
        TestClient alice = TestClient.connect(client, server.chatUri(), "alice");
        TestClient bob = TestClient.connect(client, server.chatUri(), "bob");
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
        assertThrows(DeploymentException.class, () -> client.connectToServer(new Endpoint() {
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
