package chat.endpoint;

import chat.core.broker.inprocess.InProcessBroker;
import chat.core.hub.ChatHub;
import chat.core.hub.ChatLimits;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatEndpointConfiguratorTest {
    private final ChatHub hub = new ChatHub(new InProcessBroker(), ChatLimits.defaults(), Clock.systemUTC());

    @Test
    void configDeploysOneChatEndpointAtTheChatPathWithTheChatEncoder() throws Exception {
        ServerEndpointConfig config = ChatEndpoint.config(EndpointCollaborators.of(hub));
        assertEquals(ChatEndpoint.PATH, config.getPath());
        assertEquals(ChatEndpoint.class, config.getEndpointClass());
        assertEquals(List.of(), config.getDecoders(), "text frames are decoded by the endpoint, not per session");
        assertEquals(List.of(EncodedFrameEncoder.class), config.getEncoders());
        ServerEndpointConfig.Configurator configurator = assertInstanceOf(ChatEndpointConfigurator.class,
                config.getConfigurator());
        ChatEndpoint endpoint = configurator.getEndpointInstance(ChatEndpoint.class);
        assertSame(endpoint, configurator.getEndpointInstance(ChatEndpoint.class), "one endpoint serves every session");
    }

    @Test
    void refusesToBuildOtherEndpointClasses() {
        ChatEndpointConfigurator configurator = new ChatEndpointConfigurator(EndpointCollaborators.of(hub));
        assertThrows(InstantiationException.class, () -> configurator.getEndpointInstance(String.class));
    }

    @Test
    void allowsTheAllowedOriginsIgnoringCaseAndRequestsWithoutOrigin() {
        ChatEndpointConfigurator configurator = new ChatEndpointConfigurator(new EndpointCollaborators(hub,
                Set.of("https://Chat.example.com"), new QueryUserId(), RemoteAddress.UNKNOWN));
        assertTrue(configurator.checkOrigin("https://chat.EXAMPLE.com"));
        assertTrue(configurator.checkOrigin(null), "a client that is not a browser sends none");
        assertFalse(configurator.checkOrigin("https://evil.example.net"));
    }

    @Test
    void withoutAllowedOriginsAllowsAnyOrigin() {
        ChatEndpointConfigurator configurator = new ChatEndpointConfigurator(EndpointCollaborators.of(hub));
        assertTrue(configurator.checkOrigin("https://evil.example.net"));
    }
}
