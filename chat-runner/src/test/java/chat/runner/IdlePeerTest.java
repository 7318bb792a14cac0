package chat.runner;

import chat.endpoint.contract.Await;
import chat.endpoint.contract.RawWebSocket;
import chat.endpoint.contract.TestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;

import static chat.runner.ChatServers.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server pings: a peer that answers them stays, a peer that answers nothing is closed. */
class IdlePeerTest {
    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = servers.start(loopback().withPings(Duration.ofMillis(300), Duration.ofMillis(1_000)));
    }

    @Test
    void silentPeerIsClosedWith1001WhileAPeerThatAnswersPingsStays() throws IOException {
        try (TestClient answering = servers.connect(server, "answering");
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
