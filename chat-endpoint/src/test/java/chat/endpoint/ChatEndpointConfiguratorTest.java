package chat.endpoint;

import chat.core.hub.ChatHub;
import chat.core.hub.ChatLimits;
import chat.core.broker.inprocess.InProcessBroker;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatEndpointConfiguratorTest {
    private final ChatHub hub = new ChatHub(new InProcessBroker(), ChatLimits.defaults(), Clock.systemUTC());

    @Test
    void containerCreatedConfiguratorTakesTheHubOfTheDeploymentInProgress() throws Exception {
        ChatEndpointConfigurator[] created = new ChatEndpointConfigurator[1];
        ChatDeployment.deploy(hub, () -> created[0] = new ChatEndpointConfigurator());
        ChatEndpoint endpoint = created[0].getEndpointInstance(ChatEndpoint.class);
        assertInstanceOf(ChatEndpoint.class, endpoint);
        assertSame(endpoint, created[0].getEndpointInstance(ChatEndpoint.class), "one endpoint serves every session");
    }

    @Test
    void configuratorOutsideADeploymentFailsSayingWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class, ChatEndpointConfigurator::new);
        assertTrue(e.getMessage().contains("ChatDeployment.deploy"), e.getMessage());
    }

    @Test
    void nestedDeploymentsRestoreTheOuterHub() throws Exception {
        ChatHub inner = new ChatHub(new InProcessBroker(), ChatLimits.defaults(), Clock.systemUTC());
        ChatEndpointConfigurator[] after = new ChatEndpointConfigurator[2];
        ChatDeployment.deploy(hub, () -> {
            ChatDeployment.deploy(inner, () -> after[0] = new ChatEndpointConfigurator());
            after[1] = new ChatEndpointConfigurator();
        });
        assertNotSame(after[0].getEndpointInstance(ChatEndpoint.class), after[1].getEndpointInstance(ChatEndpoint.class));
        assertThrows(IllegalStateException.class, ChatEndpointConfigurator::new);
    }

    @Test
    void programmaticConfigServesItsConfiguratorsHubAtTheChatPath() throws Exception {
        ChatEndpointConfigurator configurator = new ChatEndpointConfigurator(hub);
        ServerEndpointConfig config = ProgrammaticChatEndpoint.config(configurator);
        assertEquals(ChatEndpoint.PATH, config.getPath());
        assertSame(configurator, config.getConfigurator());
        assertEquals(List.of(InboundDecoder.class), config.getDecoders());
        assertEquals(List.of(EncodedFrameEncoder.class), config.getEncoders());
        ProgrammaticChatEndpoint endpoint = configurator.getEndpointInstance(ProgrammaticChatEndpoint.class);
        assertSame(endpoint, configurator.getEndpointInstance(ProgrammaticChatEndpoint.class), "one endpoint serves every session");
    }

    @Test
    void refusesToBuildOtherEndpointClasses() {
        ChatEndpointConfigurator configurator = new ChatEndpointConfigurator(hub);
        assertThrows(InstantiationException.class, () -> configurator.getEndpointInstance(String.class));
    }
}
