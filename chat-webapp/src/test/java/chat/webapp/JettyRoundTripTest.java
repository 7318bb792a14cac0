package chat.webapp;

import chat.core.hub.ChatHub;
import chat.endpoint.contract.ProtocolRoundTripContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;

/**
 * The protocol's round trips through embedded Jetty 12 (ee10 Jakarta WebSocket): the endpoint the
 * Tyrus runner serves, deployed unchanged by {@link ChatWebApp} as a web application would deploy it.
 */
class JettyRoundTripTest extends ProtocolRoundTripContract {
    private static JettyChat jetty;

    @BeforeAll
    static void startJetty() throws Exception {
        jetty = JettyChat.start(WebAppSettings.defaults().withLimits(LIMITS));
    }

    @AfterAll
    static void stopJetty() throws Exception {
        jetty.close();
    }

    @Override
    protected URI chatUri() {
        return jetty.chatUri();
    }

    @Override
    protected ChatHub hub() {
        return jetty.hub();
    }
}
