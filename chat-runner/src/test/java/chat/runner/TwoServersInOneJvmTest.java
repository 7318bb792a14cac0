package chat.runner;

import chat.endpoint.contract.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each server's endpoint serves its own hub, even though the container builds the endpoint's
 * configurator itself: the hub is bound per deployment, not through a JVM-wide singleton.
 */
class TwoServersInOneJvmTest {
    @RegisterExtension
    final ChatServers servers = new ChatServers();

    @Test
    void eachServerDeliversOnlyToItsOwnMembers() throws IOException {
        ChatServer first = servers.start(ChatServers.loopback());
        ChatServer second = servers.start(ChatServers.loopback());
        TestClient onFirst = servers.connect(first, "one");
        TestClient onSecond = servers.connect(second, "two");
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
    }
}
