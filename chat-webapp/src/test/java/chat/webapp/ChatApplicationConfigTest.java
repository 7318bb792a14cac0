package chat.webapp;

import chat.endpoint.ChatEndpoint;
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
        assertTrue(config.getEndpointConfigs(Set.of(ChatEndpoint.class)).isEmpty());
    }

    @Test
    void scannedAnnotatedEndpointsAreDeployedAsFound() {
        assertEquals(Set.of(OtherEndpoint.class), config.getAnnotatedEndpointClasses(Set.of(OtherEndpoint.class)));
    }
}
