package chat.runner;

import chat.core.ChatHub;
import chat.core.InProcessBroker;
import chat.endpoint.contract.ProtocolRoundTripContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.URI;

/** The protocol's round trips through the standalone runner: embedded Tyrus on Grizzly, on an ephemeral port. */
class ChatServerEndToEndTest extends ProtocolRoundTripContract {
    private static ChatServer server;

    @BeforeAll
    static void startServer() throws IOException {
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withMetricsPort(0)
                .withLimits(LIMITS);
        server = ChatServer.start(config, new InProcessBroker());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected URI chatUri() {
        return server.chatUri();
    }

    @Override
    protected ChatHub hub() {
        return server.hub();
    }
}
