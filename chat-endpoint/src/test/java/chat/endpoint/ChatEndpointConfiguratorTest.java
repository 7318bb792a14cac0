package chat.endpoint;

import chat.core.broker.inprocess.InProcessBroker;
import chat.core.hub.ChatHub;
import chat.core.hub.ChatLimits;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChatEndpointConfiguratorTest {
    private final ChatHub hub = new ChatHub(new InProcessBroker(), ChatLimits.defaults(), Clock.systemUTC());

    @Test
    void configServesItsConfiguratorsEndpointAtTheChatPath() throws Exception {
        ChatEndpointConfigurator configurator = new ChatEndpointConfigurator(hub);
        ServerEndpointConfig config = ChatEndpoint.config(configurator);
        assertEquals(ChatEndpoint.PATH, config.getPath());
        assertEquals(ChatEndpoint.class, config.getEndpointClass());
        assertSame(configurator, config.getConfigurator());
        assertEquals(List.of(InboundDecoder.class), config.getDecoders());
        assertEquals(List.of(EncodedFrameEncoder.class), config.getEncoders());
        ChatEndpoint endpoint = configurator.getEndpointInstance(ChatEndpoint.class);
        assertSame(endpoint, configurator.getEndpointInstance(ChatEndpoint.class), "one endpoint serves every session");
    }

    @Test
    void refusesToBuildOtherEndpointClasses() {
        ChatEndpointConfigurator configurator = new ChatEndpointConfigurator(hub);
        assertThrows(InstantiationException.class, () -> configurator.getEndpointInstance(String.class));
    }
}
