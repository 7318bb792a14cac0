package chat.webapp;

import chat.endpoint.ChatEndpoint;
import chat.endpoint.ProgrammaticChatEndpoint;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatApplicationConfigTest {
    private final ChatApplicationConfig config = new ChatApplicationConfig();

    @ServerEndpoint("/other")
    public static final class OtherEndpoint {
    }

    @Test
    void scannedChatEndpointIsLeftToTheListener() {
        assertEquals(Set.of(), config.getAnnotatedEndpointClasses(Set.of(ChatEndpoint.class)));
    }

    @Test
    void otherScannedEndpointsAreDeployed() {
        assertEquals(Set.of(OtherEndpoint.class),
                config.getAnnotatedEndpointClasses(Set.of(ChatEndpoint.class, OtherEndpoint.class)));
    }

    @Test
    void noProgrammaticEndpointIsDeployedFromTheScan() {
        assertTrue(config.getEndpointConfigs(Set.of(ProgrammaticChatEndpoint.class)).isEmpty());
    }
}
