package chat.endpoint;

import chat.core.hub.ChatHub;

import java.util.Objects;
import java.util.Set;

/**
 * What a deployment's {@link ChatEndpoint} works with: the hub that serves its sessions, the
 * browser origins it lets in, who each connection speaks for, how to tell a peer's address, and how
 * to write to a session.
 *
 * <pre>{@code
 * EndpointCollaborators.of(hub); // any origin, the userId parameter, no peer addresses
 * new EndpointCollaborators(hub, Set.of("https://chat.example.com"), new JwtIdentity(secret), RemoteAddress.UNKNOWN);
 * }</pre>
 *
 * @param hub            serves every session of the deployment
 * @param allowedOrigins browser origins allowed to connect, such as {@code https://chat.example.com},
 *                       compared ignoring case; others are refused with HTTP 403. Empty: any origin
 * @param identity       decides who each connection speaks for
 * @param remoteAddress  tells peers' addresses, for the per-address connection limit;
 *                       {@link RemoteAddress#UNKNOWN} turns that limit off
 * @param transports     how to write to a session; {@link Transports#PORTABLE} works everywhere
 */
public record EndpointCollaborators(ChatHub hub, Set<String> allowedOrigins, Identity identity,
                                    RemoteAddress remoteAddress, Transports transports) {

    /** @throws NullPointerException naming the argument that is null, or when an origin is null */
    public EndpointCollaborators {
        Objects.requireNonNull(hub, "hub");
        allowedOrigins = Set.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(transports, "transports");
    }

    /** Writing through the portable Jakarta WebSocket API ({@link Transports#PORTABLE}). */
    public EndpointCollaborators(ChatHub hub, Set<String> allowedOrigins, Identity identity,
                                 RemoteAddress remoteAddress) {
        this(hub, allowedOrigins, identity, remoteAddress, Transports.PORTABLE);
    }

    /**
     * The defaults around {@code hub}: any origin, the {@code userId} query parameter as identity
     * ({@link QueryUserId}, not authentication), no peer addresses ({@link RemoteAddress#UNKNOWN})
     * and the portable transport.
     */
    public static EndpointCollaborators of(ChatHub hub) {
        return new EndpointCollaborators(hub, Set.of(), new QueryUserId(), RemoteAddress.UNKNOWN);
    }
}
