package chat.webapp;

import chat.endpoint.ChatEndpoint;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Tells a container that scans the WAR which endpoints to deploy from what it found: every annotated
 * endpoint but {@link ChatEndpoint}, and no programmatic one.
 *
 * <p>{@link ChatWebApp} deploys the chat endpoint itself, with the application's hub. Deployed from
 * its {@code @ServerEndpoint} annotation instead, its configurator would have no hub and the
 * application would fail to start, or, were it to start, the path would be mapped twice.
 */
public final class ChatApplicationConfig implements ServerApplicationConfig {
    private static final System.Logger LOG = System.getLogger(ChatApplicationConfig.class.getName());

    /** None: {@link ChatWebApp} deploys {@code ProgrammaticChatEndpoint}, the only one the application has. */
    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of();
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        Set<Class<?>> deploy = new LinkedHashSet<>(scanned);
        if (deploy.remove(ChatEndpoint.class)) {
            LOG.log(System.Logger.Level.DEBUG, "scanned @ServerEndpoint {0} left to {1}",
                    ChatEndpoint.class.getName(), ChatWebApp.class.getName());
        }
        return deploy;
    }
}
