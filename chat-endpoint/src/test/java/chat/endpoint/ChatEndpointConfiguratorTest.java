package chat.endpoint;

import chat.core.ChatHub;
import chat.core.ChatLimits;
import chat.core.InProcessBroker;
import org.junit.jupiter.api.Test;

import java.time.Clock;

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
    void refusesToBuildOtherEndpointClasses() {
        ChatEndpointConfigurator configurator = new ChatEndpointConfigurator(hub);
        assertThrows(InstantiationException.class, () -> configurator.getEndpointInstance(String.class));
    }
}
