package chat.endpoint;

import chat.core.ChatHub;

import java.util.Objects;

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
    private static final ThreadLocal<ChatHub> DEPLOYING = new ThreadLocal<>();

    /** Work that deploys endpoints and may fail. */
    @FunctionalInterface
    public interface Deployment<X extends Exception> {
        void run() throws X;
    }

    private ChatDeployment() {
    }

    /** Runs {@code deployment} with {@code hub} as the hub of every chat endpoint it deploys. */
    public static <X extends Exception> void deploy(ChatHub hub, Deployment<X> deployment) throws X {
        Objects.requireNonNull(hub, "hub");
        ChatHub outer = DEPLOYING.get();
        DEPLOYING.set(hub);
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

    static ChatHub current() {
        ChatHub hub = DEPLOYING.get();
        if (hub == null) {
            throw new IllegalStateException("ChatEndpoint was deployed outside ChatDeployment.deploy(hub, ...),"
                    + " so it has no ChatHub to serve");
        }
        return hub;
    }
}
