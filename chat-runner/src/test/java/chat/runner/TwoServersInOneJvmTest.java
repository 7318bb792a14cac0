package chat.runner;

import chat.core.broker.inprocess.InProcessBroker;
import chat.endpoint.contract.TestClient;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each server's endpoint serves its own hub, even though the container builds the endpoint's
 * configurator itself: the hub is bound per deployment, not through a JVM-wide singleton.
 */
class TwoServersInOneJvmTest {

    @Test
    void eachServerDeliversOnlyToItsOwnMembers() throws IOException {
        ClientManager client = ClientManager.createClient();
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withMetricsPort(0);
        try (ChatServer first = ChatServer.start(config, new InProcessBroker());
             ChatServer second = ChatServer.start(config, new InProcessBroker());
             TestClient onFirst = TestClient.connect(client, first.chatUri(), "one");
             TestClient onSecond = TestClient.connect(client, second.chatUri(), "two")) {
            onFirst.enter("shared-name");
            onFirst.expect("ENTER", "shared-name", "one");
            onSecond.enter("shared-name");
            onSecond.expect("ENTER", "shared-name", "two");
            onSecond.talk("shared-name", "only here");
            onSecond.expect("TALK", "shared-name", "two");

            onFirst.talk("shared-name", "barrier");
            onFirst.expect("TALK", "shared-name", "one");
            assertEquals(1, first.hub().connectionCount());
            assertEquals(1, second.hub().connectionCount());
        } finally {
            client.shutdown();
        }
    }
}
