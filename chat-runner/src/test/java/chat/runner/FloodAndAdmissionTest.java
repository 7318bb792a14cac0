package chat.runner;

import chat.core.hub.ChatLimits;
import chat.endpoint.contract.Await;
import chat.endpoint.contract.RawWebSocket;
import chat.endpoint.contract.TestClient;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.util.Set;

import static chat.runner.ChatServers.loopback;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flood control, connection limits and allowed origins, through a real server and real clients. */
class FloodAndAdmissionTest {
    @RegisterExtension
    final ChatServers servers = new ChatServers();

    @Test
    void floodGetsRateLimitedWhileAnotherMemberIsServedAndPersistentFloodingCloses1008() throws IOException {
        ChatServer server = servers.start(loopback().withLimits(ChatLimits.defaults().withRateBurst(5)
                .withRatePerSecond(1).withRateWarnings(20)));
        TestClient calm = servers.connect(server, "calm");
        calm.enter("flood");
        calm.expect("ENTER", "flood", "calm");
        TestClient flooder = servers.connect(server, "flooder");
        flooder.enter("flood");
        flooder.expect("ENTER", "flood", "flooder");
        calm.expect("ENTER", "flood", "flooder");

        for (int i = 0; i < 30; i++) {
            flooder.talk("flood", "spam" + i);
        }
        int talks = 0;
        int limited = 0;
        while (talks + limited < 24) { // 4 tokens left for TALKs, then 20 warnings, then the close
            String type = flooder.next().path("type").asText();
            if (type.equals("TALK")) {
                talks++;
            } else {
                limited++;
            }
        }
        assertEquals(4, talks);
        assertEquals(20, limited);
        CloseReason reason = flooder.awaitClose();
        assertEquals(1008, reason.getCloseCode().getCode());
        assertTrue(reason.getReasonPhrase().contains("rate limit"), reason.getReasonPhrase());

        for (int i = 0; i < 4; i++) {
            calm.expect("TALK", "flood", "flooder"); // only what passed the limit reached others
        }
        calm.expect("LEAVE", "flood", "flooder");
        calm.talk("flood", "still served");
        calm.expect("TALK", "flood", "calm");
    }

    @Test
    void fullInstanceRefusesWith1013AndAdmitsAgainWhenAPlaceFreesUp() throws IOException {
        ChatServer server = servers.start(loopback().withLimits(ChatLimits.defaults().withMaxConnections(2)));
        TestClient first = servers.connect(server, "first");
        servers.connect(server, "second");
        Await.until(() -> server.hub().connectionCount() == 2, () -> "two connections expected");
        CloseReason refused = servers.connect(server, "third").awaitClose();
        assertEquals(1013, refused.getCloseCode().getCode());
        assertTrue(refused.getReasonPhrase().contains("try again later"), refused.getReasonPhrase());

        first.close();
        Await.until(() -> server.hub().connectionCount() == 1, () -> "first not released");
        TestClient third = servers.connect(server, "third");
        third.enter("room");
        third.expect("ENTER", "room", "third");
    }

    @Test
    void oneUserIdPastItsConnectionLimitIsRefusedWith1008() throws IOException {
        ChatServer server = servers.start(loopback().withLimits(ChatLimits.defaults().withMaxConnectionsPerUser(2)));
        servers.connect(server, "sam");
        servers.connect(server, "sam");
        CloseReason refused = servers.connect(server, "sam").awaitClose();
        assertEquals(1008, refused.getCloseCode().getCode());
        assertTrue(refused.getReasonPhrase().contains("too many connections"), refused.getReasonPhrase());
        TestClient other = servers.connect(server, "other");
        other.enter("r");
        other.expect("ENTER", "r", "other");
    }

    @Test
    void oneAddressPastItsConnectionLimitIsRefusedWith1008() throws IOException {
        ChatServer server = servers.start(loopback().withLimits(ChatLimits.defaults().withMaxConnectionsPerAddress(2)));
        servers.connect(server, "a");
        servers.connect(server, "b");
        CloseReason refused = servers.connect(server, "c").awaitClose(); // all from 127.0.0.1
        assertEquals(1008, refused.getCloseCode().getCode());
        assertTrue(refused.getReasonPhrase().contains("from this address"), refused.getReasonPhrase());
    }

    @Test
    void originsNotAllowedGetHttp403AtTheHandshake() throws IOException {
        ChatServer server = servers.start(loopback().withAllowedOrigins(Set.of("https://chat.example.com")));
        URI uri = URI.create(server.chatUri() + "?userId=browser");
        DeploymentException refused = assertThrows(DeploymentException.class,
                () -> servers.clients().manager().connectToServer(new Endpoint() {
                    @Override
                    public void onOpen(Session session, EndpointConfig config) {
                    }
                }, TestClient.withOrigin("https://evil.example.net"), uri));
        assertTrue(String.valueOf(refused.getMessage()).contains("403")
                || String.valueOf(refused.getCause()).contains("403"), "expected HTTP 403: " + refused);

        Session allowed = assertDoesNotThrow(() -> servers.clients().manager().connectToServer(new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
            }
        }, TestClient.withOrigin("https://chat.example.com"), uri));
        assertTrue(allowed.isOpen(), "an allowed origin connects");
        allowed.close();

        // the raw client sends no Origin header at all, as non-browser clients do
        try (RawWebSocket noOrigin = RawWebSocket.connect(server.port(), "/ws/chat?userId=cli")) {
            noOrigin.sendText("{\"type\":\"ENTER\",\"roomId\":\"r\"}");
            Await.until(() -> server.hub().roomCount() == 1, () -> "a client without Origin was not served");
        }
    }
}
