package chat.endpoint.contract;

import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The real WebSocket clients of one test: a Tyrus {@link ClientManager} and every
 * {@link TestClient} connected through it.
 *
 * <p><b>Starts</b> the client manager when it is created, so one per test (an instance field):
 * a Tyrus {@code ClientManager} stops its timer threads whenever its last session closes, and a
 * session opened in that moment is left with a dead timer.
 *
 * <p><b>Closes</b> every client it connected, newest first, then shuts the manager down: after
 * the test when registered with {@code @RegisterExtension}, or when {@link #close()} is called,
 * whichever comes first (closing again does nothing). A test that checks the server once its
 * clients are gone closes it itself, in its {@code @AfterEach}.
 *
 * <p><b>Configured</b> by nothing: a test connects with {@link #connect} or {@link #connectRaw},
 * and takes {@link #manager()} for connections of its own, such as handshakes meant to fail.
 * Connect from the test's thread; the clients themselves may then be used from any thread.
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestClients clients = new TestClients();
 *
 * @Test
 * void ...() {
 *     TestClient alice = clients.connect(server.chatUri(), "alice");
 * }
 * }</pre>
 */
public final class TestClients implements AfterEachCallback, AutoCloseable {
    private final ClientManager manager = ClientManager.createClient();
    private final Deque<TestClient> connected = new ArrayDeque<>();
    private boolean closed;

    /** Connects to {@code chatUri} as {@code userId} (no {@code userId} parameter when null). */
    public TestClient connect(URI chatUri, String userId) {
        return connected(TestClient.connect(manager, chatUri, userId));
    }

    /** Connects to {@code uri} as given, its query included; {@code name} labels failures. */
    public TestClient connectRaw(URI uri, String name) {
        return connected(TestClient.connectRaw(manager, uri, name));
    }

    /** The manager the clients connect through, for connections a test makes itself (it closes those). */
    public ClientManager manager() {
        return manager;
    }

    private TestClient connected(TestClient client) {
        if (closed) {
            client.close();
            throw new IllegalStateException("these test clients are closed");
        }
        connected.push(client);
        return client;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            while (!connected.isEmpty()) {
                connected.pop().close();
            }
        } finally {
            manager.shutdown();
        }
    }
}
