package chat.webapp;

import chat.core.hub.ChatHub;
import chat.endpoint.ChatEndpoint;
import chat.endpoint.contract.ProtocolRoundTripContract;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The protocol's round trips through embedded Tomcat 11 (its own Jakarta WebSocket implementation),
 * deployed by {@link ChatWebApp} as declared in {@code web.xml}: a listener class the server
 * instantiates, its limits given as context parameters. A third container beside Tyrus and Jetty.
 */
class TomcatRoundTripTest extends ProtocolRoundTripContract {
    private static Tomcat tomcat;
    private static Context context;

    @BeforeAll
    static void startTomcat() throws LifecycleException, IOException {
        Path base = Files.createTempDirectory("chat-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), null);
        // Tomcat's WebSocket filter runs only for requests that map to a servlet: a web application
        // has the server's default servlet; this bare context gets it here
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        context.addApplicationListener(ChatWebApp.class.getName());
        context.addParameter("MAX_ROOMS_PER_CONNECTION", String.valueOf(LIMITS.maxRoomsPerConnection()));
        context.addParameter("RATE_BURST", String.valueOf(LIMITS.rateBurst()));
        context.addParameter("RATE_PER_SECOND", String.valueOf(LIMITS.ratePerSecond()));
        tomcat.start();
    }

    @AfterAll
    static void stopTomcat() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    @Override
    protected URI chatUri() {
        return URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + ChatEndpoint.PATH);
    }

    @Override
    protected ChatHub hub() {
        return (ChatHub) context.getServletContext().getAttribute(ChatWebApp.HUB_ATTRIBUTE);
    }
}
