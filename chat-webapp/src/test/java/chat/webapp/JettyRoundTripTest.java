package chat.webapp;

import chat.core.ChatHub;
import chat.endpoint.ChatEndpoint;
import chat.endpoint.contract.ProtocolRoundTripContract;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;

/**
 * The protocol's round trips through embedded Jetty 12 (ee10 Jakarta WebSocket): the endpoint the
 * Tyrus runner serves, deployed unchanged by {@link ChatWebApp} as a web application would deploy it.
 */
class JettyRoundTripTest extends ProtocolRoundTripContract {
    private static Server server;
    private static ServerConnector connector;
    private static ServletContextHandler context;

    @BeforeAll
    static void startJetty() throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addEventListener(new ChatWebApp(WebAppSettings.defaults().withLimits(LIMITS)));
        server.setHandler(context);
        server.start();
    }

    @AfterAll
    static void stopJetty() throws Exception {
        server.stop();
    }

    @Override
    protected URI chatUri() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + ChatEndpoint.PATH);
    }

    @Override
    protected ChatHub hub() {
        return (ChatHub) context.getServletContext().getAttribute(ChatWebApp.HUB_ATTRIBUTE);
    }
}
