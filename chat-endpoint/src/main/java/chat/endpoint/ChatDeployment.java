package chat.endpoint;

import chat.core.hub.ChatHub;

import java.util.Objects;
import java.util.Set;

/**
 * Binds a {@link ChatHub} to the {@link ChatEndpoint} a container deploys.
 *
 * <p>A container builds annotated endpoints' configurators itself, so it cannot be handed a hub.
 * Deploy inside {@link #deploy}: while it runs, a configurator created on this thread takes the
 * given hub.
 *
 * <pre>{@code
 * ChatDeployment.deploy(hub, () -> container.addEndpoint(ChatEndpoint.class));
 * }</pre>
 */
public final class ChatDeployment {
    private static final ThreadLocal<Binding> DEPLOYING = new ThreadLocal<>();

    /** What a deployment's endpoint serves. */
    record Binding(ChatHub hub, Set<String> allowedOrigins, Identity identity, RemoteAddress remoteAddress) {
    }

    /** Work that deploys endpoints and may fail. */
    @FunctionalInterface
    public interface Deployment<X extends Exception> {
        void run() throws X;
    }

    private ChatDeployment() {
    }

    /** Runs {@code deployment} with {@code hub} as the hub of every chat endpoint it deploys; any origin may connect. */
    public static <X extends Exception> void deploy(ChatHub hub, Deployment<X> deployment) throws X {
        deploy(hub, Set.of(), deployment);
    }

    /**
     * Runs {@code deployment} with {@code hub} as the hub of every chat endpoint it deploys.
     *
     * @param allowedOrigins browser origins allowed to connect (such as {@code https://chat.example.com});
     *                       others are refused with HTTP 403. Empty: any origin.
     */
    public static <X extends Exception> void deploy(ChatHub hub, Set<String> allowedOrigins, Deployment<X> deployment)
            throws X {
        deploy(hub, allowedOrigins, new QueryUserId(), deployment);
    }

    /**
     * As {@link #deploy(ChatHub, Set, Deployment)}, with {@code identity} deciding who each
     * connection speaks for (for example from a signed token).
     */
    public static <X extends Exception> void deploy(ChatHub hub, Set<String> allowedOrigins, Identity identity,
                                                    Deployment<X> deployment) throws X {
        deploy(hub, allowedOrigins, identity, RemoteAddress.UNKNOWN, deployment);
    }

    /**
     * As {@link #deploy(ChatHub, Set, Identity, Deployment)}, with {@code remoteAddress} telling
     * peers' addresses for the per-address connection limit.
     */
    public static <X extends Exception> void deploy(ChatHub hub, Set<String> allowedOrigins, Identity identity,
                                                    RemoteAddress remoteAddress, Deployment<X> deployment) throws X {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Binding outer = DEPLOYING.get();
        DEPLOYING.set(new Binding(hub, Set.copyOf(allowedOrigins), identity, remoteAddress));
        try {
            deployment.run();
        } finally {
            if (outer == null) {
                DEPLOYING.remove();
            } else {
                DEPLOYING.set(outer);
            }
        }
    }

    static Binding current() {
        Binding binding = DEPLOYING.get();
        if (binding == null) {
            throw new IllegalStateException("ChatEndpoint was deployed outside ChatDeployment.deploy(hub, ...),"
                    + " so it has no ChatHub to serve");
        }
        return binding;
    }
}
