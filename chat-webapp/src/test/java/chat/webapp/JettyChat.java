package chat.webapp;

import chat.core.hub.ChatHub;
import chat.endpoint.ChatEndpoint;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;

/**
 * An embedded Jetty 12 (ee10) server on a free loopback port running {@link ChatWebApp} at the
 * root context, as a web application would run it.
 */
final class JettyChat implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;

    private JettyChat(Server server, ServerConnector connector, ServletContextHandler context) {
        this.server = server;
        this.connector = connector;
        this.context = context;
    }

    static JettyChat start(WebAppSettings settings) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addEventListener(new ChatWebApp(settings));
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new JettyChat(server, connector, context);
    }

    URI chatUri() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + ChatEndpoint.PATH);
    }

    /** The running application's hub; null once it stopped. */
    ChatHub hub() {
        return (ChatHub) context.getServletContext().getAttribute(ChatWebApp.HUB_ATTRIBUTE);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
