package chat.endpoint;

import chat.core.events.Refusal;
import chat.core.hub.ChatHub;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Supplies the one {@link ChatEndpoint} that serves every session of a deployment, and refuses
 * browser origins that are not allowed; {@link ChatEndpoint#config} builds it. Thread-safe.
 */
final class ChatEndpointConfigurator extends ServerEndpointConfig.Configurator {
    private final ChatHub hub;
    private final ChatEndpoint endpoint;
    private final Set<String> allowedOrigins;

    ChatEndpointConfigurator(EndpointCollaborators collaborators) {
        this.hub = collaborators.hub();
        this.endpoint = new ChatEndpoint(collaborators.hub(), collaborators.identity(), collaborators.remoteAddress(),
                collaborators.transports());
        this.allowedOrigins = collaborators.allowedOrigins().stream()
                .map(origin -> origin.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Browsers always send {@code Origin}; a request without one comes from a non-browser client,
     * which an origin check cannot protect against anyway, so it is allowed.
     */
    @Override
    public boolean checkOrigin(String origin) {
        if (allowedOrigins.isEmpty() || origin == null || allowedOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
            return true;
        }
        hub.events().handshakeRefused(Refusal.ORIGIN_NOT_ALLOWED);
        return false;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        if (endpointClass.isInstance(endpoint)) {
            return endpointClass.cast(endpoint);
        }
        throw new InstantiationException("this configurator serves " + ChatEndpoint.class.getName() + ", not "
                + endpointClass.getName());
    }
}
