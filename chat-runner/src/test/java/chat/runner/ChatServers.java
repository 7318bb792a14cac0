package chat.runner;

import chat.core.broker.Broker;
import chat.core.broker.inprocess.InProcessBroker;
import chat.core.hub.ChatLimits;
import chat.core.testing.TestResources;
import chat.endpoint.contract.TestClient;
import chat.endpoint.contract.TestClients;
import chat.redis.RedisServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;

/**
 * Real chat servers for one test, and the real WebSocket clients that talk to them: a JUnit
 * extension, registered on an instance field.
 *
 * <p><b>Starts</b> nothing by itself. A test, or its {@code @BeforeEach}, starts each server it
 * needs with {@link #start(ServerConfig)} (in-process broker) or {@link #start(ServerConfig, Broker)};
 * each returns once the server's ports are bound. Clients connect with {@link #connect}, or
 * through {@link #clients()}.
 *
 * <p><b>Closes</b>, after the test: first the clients (every {@link TestClient}, then the Tyrus
 * client manager), then the servers, newest first, each with {@link ChatServer#close()}, which
 * closes its broker too. Every close runs even if one fails. A Redis the servers use, from a
 * {@code RedisFixture} on a static field, is closed after them.
 *
 * <p><b>Configured</b> by the {@link ServerConfig} a test passes, built from {@link #loopback()}
 * (127.0.0.1, ephemeral chat port, no side port) or {@link #loopbackWithMetrics()} (side port
 * for /metrics and /health on a free loopback port), often with {@link #floodControlOff()}.
 *
 * <pre>{@code
 * @RegisterExtension
 * final ChatServers servers = new ChatServers();
 *
 * @Test
 * void ...() throws IOException {
 *     ChatServer server = servers.start(ChatServers.loopback().withHandshakeTimeout(DEADLINE));
 *     TestClient alice = servers.connect(server, "alice");
 * }
 * }</pre>
 */
public final class ChatServers implements AfterEachCallback {
    private final TestClients clients = new TestClients();
    private final TestResources servers = new TestResources();

    /** 127.0.0.1, an ephemeral chat port, no metrics port; every other setting the default. */
    public static ServerConfig loopback() {
        return ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withMetricsPort(0);
    }

    /** {@link #loopback()} with /metrics and /health served on a free loopback port. */
    public static ServerConfig loopbackWithMetrics() throws IOException {
        return loopback().withMetricsPort(RedisServer.freePort());
    }

    /** The default limits with flood control out of the way, for tests that send bursts on purpose. */
    public static ChatLimits floodControlOff() {
        return ChatLimits.defaults().withRateBurst(1_000_000).withRatePerSecond(1_000_000);
    }

    /** A server on {@code config} with an in-process broker, closed after the test. */
    public ChatServer start(ServerConfig config) throws IOException {
        return start(config, new InProcessBroker());
    }

    /** A server on {@code config} with {@code broker}, closed (broker included) after the test. */
    public ChatServer start(ServerConfig config, Broker broker) throws IOException {
        return servers.add(ChatServer.start(config, broker));
    }

    /** A client of {@code server} connected as {@code userId} (none when null), closed after the test. */
    public TestClient connect(ChatServer server, String userId) {
        return clients.connect(server.chatUri(), userId);
    }

    /** This test's clients, for raw URIs and connections a test makes itself. */
    public TestClients clients() {
        return clients;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            clients.close();
        } finally {
            servers.close();
        }
    }
}
