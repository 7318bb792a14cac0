package chat.webapp;

import chat.endpoint.ChatEndpoint;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Set;

/**
 * Tells a server that scans the WAR what to deploy from what it found: every annotated endpoint
 * (the chat has none), and no programmatic one.
 *
 * <p>The scan finds {@link ChatEndpoint}, an {@link Endpoint} subclass in
 * {@code WEB-INF/lib/chat-endpoint.jar}. {@link ChatWebApp} deploys it itself, with the
 * application's hub; from the scan it would have no hub, and its path would be mapped twice. The
 * specification deploys a scanned {@code Endpoint} only when a {@code ServerApplicationConfig}
 * returns a config for it, and Jetty, Tomcat and Tyrus keep to that without this class; it makes
 * the choice the application's own rather than each server's (Tyrus' user guide, for one, says
 * it deploys every scanned {@code Endpoint} subclass when a WAR has no such config).
 */
public final class ChatApplicationConfig implements ServerApplicationConfig {
    private static final System.Logger LOG = System.getLogger(ChatApplicationConfig.class.getName());

    /** None: {@link ChatWebApp} deploys {@link ChatEndpoint}, the only one the application has. */
    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        if (scanned.contains(ChatEndpoint.class)) {
            LOG.log(System.Logger.Level.DEBUG, "scanned endpoint {0} left to {1}",
                    ChatEndpoint.class.getName(), ChatWebApp.class.getName());
        }
        return Set.of();
    }

    /** Every one the scan found, as a server deploys them when a WAR has no config. */
    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return scanned;
    }
}
