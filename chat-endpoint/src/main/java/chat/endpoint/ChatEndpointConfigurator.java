package chat.endpoint;

import chat.core.ChatHub;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Supplies the one {@link ChatEndpoint} instance that serves every session of a deployment.
 *
 * <p>The container creates this configurator itself, from the {@code @ServerEndpoint} annotation,
 * with the no-argument constructor. That constructor takes the hub of the deployment in progress
 * ({@link ChatDeployment#deploy}), so several servers with their own hubs can run in one JVM.
 */
public class ChatEndpointConfigurator extends ServerEndpointConfig.Configurator {
    private final ChatEndpoint endpoint;

    /** Used by the container during {@link ChatDeployment#deploy}. */
    public ChatEndpointConfigurator() {
        this(ChatDeployment.current());
    }

    public ChatEndpointConfigurator(ChatHub hub) {
        this.endpoint = new ChatEndpoint(hub);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (!endpointClass.isInstance(endpoint)) {
            throw new InstantiationException("this configurator serves " + ChatEndpoint.class.getName()
                    + ", not " + endpointClass.getName());
        }
        return endpointClass.cast(endpoint);
    }
}
