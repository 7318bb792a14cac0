package chat.webapp;

import chat.core.testing.TestResources;
import chat.endpoint.contract.TestClient;
import chat.endpoint.contract.TestClients;
import chat.redis.RedisServer;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web application's configuration at work on Jetty: two deployments sharing rooms and history
 * through a real {@code redis-server}, allowed origins, and signed tokens.
 */
class WebAppConfigurationTest {
    private final TestClients clients = new TestClients();
    private final TestResources resources = new TestResources();

    @AfterEach
    void closeEverything() throws Exception {
        clients.close();
        resources.close();
    }

    @Test
    void twoDeploymentsShareRoomsAndHistoryThroughRedis() throws Exception {
        RedisServer redis = resources.add(RedisServer.start());
        JettyChat one = resources.add(JettyChat.start(WebAppSettings.read(Map.of(
                "REDIS_URL", redis.url(), "INSTANCE_ID", "web-1"))));
        JettyChat two = resources.add(JettyChat.start(WebAppSettings.read(Map.of(
                "REDIS_URL", redis.url(), "INSTANCE_ID", "web-2"))));

        TestClient alice = clients.connect(one.chatUri(), "alice");
        TestClient bob = clients.connect(two.chatUri(), "bob");
        alice.enter("lobby");
        alice.expect("ENTER", "lobby", "alice");
        bob.enter("lobby");
        bob.expect("ENTER", "lobby", "bob");
        alice.expect("ENTER", "lobby", "bob");

        alice.talk("lobby", "hello from web-1");
        JsonNode atBob = bob.expect("TALK", "lobby", "alice");
        assertEquals("hello from web-1", atBob.get("message").asText());
        long first = atBob.get("seq").asLong();
        alice.expect("TALK", "lobby", "alice");

        bob.close();
        alice.expect("LEAVE", "lobby", "bob");
        alice.talk("lobby", "while bob was away");
        alice.expect("TALK", "lobby", "alice");

        // bob comes back on the other deployment and resumes after the last TALK he had
        TestClient back = clients.connect(one.chatUri(), "bob");
        back.send("{\"type\":\"ENTER\",\"roomId\":\"lobby\",\"lastSeq\":" + first + "}");
        JsonNode missed = back.expect("TALK", "lobby", "alice");
        assertEquals("while bob was away", missed.get("message").asText());
        assertEquals(first + 1, missed.get("seq").asLong());
    }

    @Test
    void originsNotAllowedAreRefusedAtTheHandshake() throws Exception {
        JettyChat jetty = resources.add(JettyChat.start(WebAppSettings.read(Map.of(
                "ALLOWED_ORIGINS", "https://chat.example.com"))));
        URI uri = URI.create(jetty.chatUri() + "?userId=browser");
        Endpoint nothing = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
            }
        };
        ClientManager manager = clients.manager();
        DeploymentException refused = assertThrows(DeploymentException.class,
                () -> manager.connectToServer(nothing, TestClient.withOrigin("https://evil.example.net"), uri));
        assertTrue(String.valueOf(refused.getMessage()).contains("403")
                || String.valueOf(refused.getCause()).contains("403"), "expected HTTP 403: " + refused);
        Session allowed = manager.connectToServer(nothing, TestClient.withOrigin("https://CHAT.example.com"), uri);
        assertTrue(allowed.isOpen(), "an allowed origin connects, whatever its case");
        allowed.close();
    }

    @Test
    void withAuthSecretTheIdentityComesFromASignedToken() throws Exception {
        String secret = "a-web-application-secret-of-32-bytes-or-more";
        JettyChat jetty = resources.add(JettyChat.start(WebAppSettings.read(Map.of("AUTH_SECRET", secret))));

        CloseReason refused = clients.connect(jetty.chatUri(), "mallory").awaitClose();
        assertEquals(1008, refused.getCloseCode().getCode());
        assertTrue(refused.getReasonPhrase().contains("token"), refused.getReasonPhrase());

        String token = JWT.create().withSubject("alice").withExpiresAt(Instant.now().plusSeconds(60))
                .sign(Algorithm.HMAC256(secret));
        TestClient alice = clients.connectRaw(URI.create(jetty.chatUri() + "?userId=mallory&token=" + token), "alice");
        alice.enter("signed");
        alice.expect("ENTER", "signed", "alice");
    }
}
