package chat.endpoint;

import chat.core.events.Refusal;
import chat.core.hub.ChatHub;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Supplies the one {@link ChatEndpoint} that serves every session of a deployment, and refuses
 * browser origins that are not allowed. Built with its hub and handed to {@link ChatEndpoint#config}.
 */
public final class ChatEndpointConfigurator extends ServerEndpointConfig.Configurator {
    private final ChatHub hub;
    private final ChatEndpoint endpoint;
    private final Set<String> allowedOrigins;

    /** Serves {@code hub} to any origin. */
    public ChatEndpointConfigurator(ChatHub hub) {
        this(hub, Set.of());
    }

    /** @param allowedOrigins browser origins allowed to connect; empty allows any */
    public ChatEndpointConfigurator(ChatHub hub, Set<String> allowedOrigins) {
        this(hub, allowedOrigins, new QueryUserId());
    }

    /**
     * @param allowedOrigins browser origins allowed to connect; empty allows any
     * @param identity       decides who each connection speaks for
     */
    public ChatEndpointConfigurator(ChatHub hub, Set<String> allowedOrigins, Identity identity) {
        this(hub, allowedOrigins, identity, RemoteAddress.UNKNOWN);
    }

    /** @param remoteAddress tells peers' addresses, for the per-address connection limit */
    public ChatEndpointConfigurator(ChatHub hub, Set<String> allowedOrigins, Identity identity,
                                    RemoteAddress remoteAddress) {
        this.hub = hub;
        this.endpoint = new ChatEndpoint(hub, identity, remoteAddress);
        this.allowedOrigins = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
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
