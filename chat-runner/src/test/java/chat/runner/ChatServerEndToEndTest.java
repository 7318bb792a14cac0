package chat.runner;

import chat.core.hub.ChatHub;
import chat.core.broker.inprocess.InProcessBroker;
import chat.endpoint.contract.ProtocolRoundTripContract;
import chat.endpoint.contract.RawWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The protocol's round trips through the standalone runner: embedded Tyrus on Grizzly, on an ephemeral port. */
class ChatServerEndToEndTest extends ProtocolRoundTripContract {
    private static ChatServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = ChatServer.start(ChatServers.loopback().withLimits(LIMITS), new InProcessBroker());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /**
     * The runner's frame size guard answers a frame's header: Jetty, for one, waits until 64 KiB of
     * the message has arrived (memory stays bounded either way; the contract checks the 1009).
     */
    @Test
    void frameOverSixtyFourKibIsClosedWith1009AsSoonAsItsHeaderArrives() throws IOException {
        try (RawWebSocket raw = RawWebSocket.connect(chatUri(), "?userId=huge")) {
            raw.sendFrameHeader(0x1, 1L << 20); // a mebibyte announced, none of it sent
            assertEquals(1009, raw.readCloseCode());
        }
        try (RawWebSocket raw = RawWebSocket.connect(chatUri(), "?userId=huger")) {
            raw.sendFrameHeader(0x1, 1L << 40); // a terabyte
            assertEquals(1009, raw.readCloseCode());
        }
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
