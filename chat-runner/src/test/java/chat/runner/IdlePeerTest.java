package chat.runner;

import chat.core.broker.inprocess.InProcessBroker;
import chat.endpoint.contract.Await;
import chat.endpoint.contract.RawWebSocket;
import chat.endpoint.contract.TestClient;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server pings: a peer that answers them stays, a peer that answers nothing is closed. */
class IdlePeerTest {
    private ChatServer server;
    private ClientManager client;

    @BeforeEach
    void start() throws IOException {
        server = ChatServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withMetricsPort(0)
                .withPings(Duration.ofMillis(300), Duration.ofMillis(1_000)), new InProcessBroker());
        client = ClientManager.createClient();
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.close();
    }

    @Test
    void silentPeerIsClosedWith1001WhileAPeerThatAnswersPingsStays() throws IOException {
        try (TestClient answering = TestClient.connect(client, server.chatUri(), "answering");
             RawWebSocket silent = RawWebSocket.connect(server.port(), "/ws/chat?userId=silent")) {
            answering.enter("idle");
            answering.expect("ENTER", "idle", "answering");
            silent.sendText("{\"type\":\"ENTER\",\"roomId\":\"idle\"}");
            answering.expect("ENTER", "idle", "silent");

            // the raw client never answers a ping: after 300 ms pinged, after 1.3 s closed
            assertEquals(1001, silent.readCloseCode());
            answering.expect("LEAVE", "idle", "silent");
            Await.until(() -> server.hub().connectionCount() == 1, () -> "the silent peer is still registered");

            // the Tyrus client answered every ping with a pong over the same idle time
            assertTrue(answering.isOpen());
            answering.talk("idle", "still here");
            answering.expect("TALK", "idle", "answering");
        }
    }
}
