package chat.webapp;

import chat.core.testing.TestResources;
import chat.endpoint.ChatEndpoint;
import chat.endpoint.contract.Await;
import chat.endpoint.contract.RawWebSocket;
import chat.endpoint.contract.TestClient;
import chat.redis.RedisServer;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.CloseReason;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged {@code chat-webapp.war} deployed as a Jakarta EE server deploys it: embedded Jetty 12
 * with annotation scanning and Jakarta WebSocket, the WAR's own classes in their own class loader.
 */
class WarDeploymentIT {
    private static final String CONTEXT_PATH = "/chat";

    private final TestResources resources = new TestResources();
    private final Logger scanLog = Logger.getLogger(ChatApplicationConfig.class.getName());
    private final List<String> scanMessages = new CopyOnWriteArrayList<>();
    private final Handler scanRecorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            scanMessages.add(record.getMessage() + " " + List.of(record.getParameters() == null ? new Object[0] : record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Server server;
    private ServerConnector connector;
    private WebAppContext webapp;
    private ClientManager client;

    @BeforeEach
    void recordScanning() {
        scanLog.setLevel(Level.ALL);
        scanLog.addHandler(scanRecorder);
        client = ClientManager.createClient();
        resources.add(client::shutdown);
    }

    @AfterEach
    void stopServer() throws Exception {
        scanLog.removeHandler(scanRecorder);
        scanLog.setLevel(null);
        resources.close();
    }

    private static Path builtWar() {
        Path war = Path.of(System.getProperty("chat.webapp.war", "target/chat-webapp.war"));
        assertTrue(Files.isRegularFile(war), war + " is missing: run after `mvn package`");
        return war;
    }

    /** Deploys {@code war} at {@link #CONTEXT_PATH} in a new server, as a scanning Jakarta EE server would. */
    private void deploy(Path war) throws Exception {
        deploy(war, Map.of());
    }

    /** As {@link #deploy(Path)}, with {@code parameters} as the context's init parameters (its settings). */
    private void deploy(Path war, Map<String, String> parameters) throws Exception {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT_PATH);
        webapp.setWar(war.toString());
        parameters.forEach(webapp::setInitParameter);
        webapp.setThrowUnavailableOnStartupException(true); // a failed deployment fails the test, not just a 503
        webapp.addConfiguration(new AnnotationConfiguration(), new JakartaWebSocketConfiguration());
        server.setHandler(webapp);
        resources.add(server::stop);
        server.start();
    }

    private URI chatUri() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + CONTEXT_PATH + ChatEndpoint.PATH);
    }

    private TestClient connectAndEnter(String userId, String roomId) {
        TestClient c = resources.add(TestClient.connect(client, chatUri(), userId));
        c.enter(roomId);
        c.expect("ENTER", roomId, userId);
        return c;
    }

    @Test
    void scanningContainerDeploysTheChatEndpointOnceThroughTheListener() throws Exception {
        deploy(builtWar());
        assertTrue(webapp.isAvailable(), "the WAR deployed");
        assertTrue(scanMessages.stream().anyMatch(m -> m.contains(ChatEndpoint.class.getName())),
                "the container scanned the WAR and offered ChatEndpoint to ChatApplicationConfig: " + scanMessages);
        TestClient alice = connectAndEnter("alice", "war-room");
        TestClient bob = connectAndEnter("bob", "war-room");
        alice.expect("ENTER", "war-room", "bob");
        alice.talk("war-room", "hello from the WAR");
        assertEquals("hello from the WAR", bob.expect("TALK", "war-room", "alice").path("message").asText());
        bob.talk("war-room", "hi alice");
        alice.expect("TALK", "war-room", "alice");
        assertEquals("hi alice", alice.expect("TALK", "war-room", "bob").path("message").asText());
    }

    @Test
    void twoDeploymentsConfiguredWithRedisShareARoom() throws Exception {
        RedisServer redis = resources.add(RedisServer.start());
        deploy(builtWar(), Map.of("REDIS_URL", redis.url(), "INSTANCE_ID", "war-1"));
        URI first = chatUri();
        deploy(builtWar(), Map.of("REDIS_URL", redis.url(), "INSTANCE_ID", "war-2"));
        URI second = chatUri();

        TestClient alice = resources.add(TestClient.connect(client, first, "alice"));
        TestClient bob = resources.add(TestClient.connect(client, second, "bob"));
        alice.enter("shared");
        alice.expect("ENTER", "shared", "alice");
        bob.enter("shared");
        bob.expect("ENTER", "shared", "bob");
        alice.expect("ENTER", "shared", "bob");
        alice.talk("shared", "across two WARs");
        assertEquals("across two WARs", bob.expect("TALK", "shared", "alice").path("message").asText());
        assertTrue(redis.subscribers("chat.room.shared") >= 2, "both deployments subscribed the room's channel");
    }

    @Test
    void stoppingTheApplicationSendsShutdownClosesWith1012AndReleasesTheHub() throws Exception {
        deploy(builtWar());
        TestClient alice = connectAndEnter("alice", "closing");
        TestClient bob = connectAndEnter("bob", "closing");
        alice.expect("ENTER", "closing", "bob");
        assertTrue(chatThreads() > 0, "the hub runs its writer threads and peer checks");

        webapp.stop();

        for (TestClient c : List.of(alice, bob)) {
            JsonNode notice = c.next();
            assertEquals("SHUTDOWN", notice.path("type").asText(), "last frame: " + notice);
            assertEquals("server is restarting, please reconnect", notice.path("message").asText());
            CloseReason reason = c.awaitClose();
            assertEquals(1012, reason.getCloseCode().getCode(), "close: " + reason);
        }
        IOException refused = assertThrows(IOException.class,
                () -> RawWebSocket.connect(chatUri(), "?userId=late").close());
        assertTrue(refused.getMessage().startsWith("handshake refused"), refused.getMessage());
        Await.until(() -> chatThreads() == 0, () -> chatThreads() + " chat threads still alive after the application stopped");
    }

    /**
     * Jetty, like the specification, deploys a scanned {@code Endpoint} subclass only when a
     * {@code ServerApplicationConfig} returns a config for it; the chat jars hold nothing else a scan
     * could deploy without the listener's hub.
     */
    @Test
    void withoutTheApplicationConfigTheScanStillDeploysNothingOfTheChat(@TempDir Path dir) throws Exception {
        Path war = dir.resolve("chat-webapp-without-config.war");
        copyWithout(builtWar(), war, "WEB-INF/classes/chat/webapp/ChatApplicationConfig.class");
        deploy(war);
        assertTrue(webapp.isAvailable(), "the WAR deployed");
        TestClient alice = connectAndEnter("alice", "unconfigured");
        TestClient bob = connectAndEnter("bob", "unconfigured");
        alice.expect("ENTER", "unconfigured", "bob");
        alice.talk("unconfigured", "served once, by the listener");
        assertEquals("served once, by the listener", bob.expect("TALK", "unconfigured", "alice").path("message").asText());
    }

    private static void copyWithout(Path from, Path to, String entryName) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.getName().equals(entryName)) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
    }

    private static long chatThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("chat-writer-") || name.equals("chat-peer-check"))
                .count();
    }
}
