package chat.loadtest;

import chat.core.broker.inprocess.InProcessBroker;
import chat.runner.ChatServer;
import chat.runner.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small fanout run, start to finish, against a real in-process server on a free port. */
class FanoutRunTest {

    @Test
    @Timeout(60)
    void everyMemberReceivesEveryTalkInOrder() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withMetricsPort(0)
                .withLimits(chat.core.hub.ChatLimits.defaults().withRateBurst(1_000_000).withRatePerSecond(1_000_000)),
                new InProcessBroker())) {
            FanoutConfig config = FanoutConfig.parse(List.of(
                    "--url", server.chatUri().toString(), "--members", "50", "--messages", "20", "--rate", "200",
                    "--concurrency", "16", "--timeout-s", "10"));

            FanoutResult result = new FanoutRun(config, System.err).run();

            System.err.println(result.describe());
            assertEquals(50, result.joined(), "members joined");
            assertEquals(20, result.sent(), "TALKs sent");
            assertEquals(20L * 50, result.expectedDeliveries());
            assertEquals(result.expectedDeliveries(), result.received(), "deliveries");
            assertEquals(0, result.lost(), "lost");
            assertEquals(0, result.orderViolations(), "order violations");
            assertEquals(20, result.roundTripMs().count(), "the sender's own echoes");
            assertTrue(result.succeeded(), result::describe);
        }
    }
}
