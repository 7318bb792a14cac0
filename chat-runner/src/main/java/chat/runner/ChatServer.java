package chat.runner;

import chat.core.broker.Broker;
import chat.core.hub.ChatHub;
import chat.core.hub.ChatService;
import chat.endpoint.ChatEndpoint;
import chat.endpoint.EndpointCollaborators;
import chat.endpoint.Identity;
import chat.endpoint.JwtIdentity;
import chat.runner.api.ApiServer;
import chat.runner.ops.ChatMetrics;
import chat.runner.ops.OpsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * One running chat server: the chat service (hub, broker, writer threads) and the WebSocket
 * container around it.
 *
 * <pre>{@code
 * try (ChatServer server = ChatServer.start(ServerConfig.defaults().withPort(0), new InProcessBroker())) {
 *     URI uri = server.chatUri(); // ws://127.0.0.1:PORT/ws/chat
 *     ...
 *     server.shutdownGracefully();
 * }
 * }</pre>
 */
public final class ChatServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatServer.class.getName());

    private final ServerConfig config;
    private final ChatService service;
    private final GrizzlyWebSocketContainer container;
    private OpsServer ops; // null when METRICS_PORT is 0
    private ApiServer api; // null without API_PORT
    private volatile boolean accepting = true;
    private boolean closed;

    private ChatServer(ServerConfig config, ChatService service, GrizzlyWebSocketContainer container) {
        this.config = config;
        this.service = service;
        this.container = container;
    }

    /**
     * Starts the broker and the server; returns once the port is bound. On failure everything
     * started so far, the broker included, is closed again.
     */
    public static ChatServer start(ServerConfig config, Broker broker) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(broker, "broker");
        PrometheusRegistry registry = new PrometheusRegistry();
        ChatMetrics metrics = new ChatMetrics(registry);
        ChatService service;
        try {
            service = ChatService.start("instance " + config.instanceId(), config.serviceOptions(), broker, metrics);
        } catch (RuntimeException e) {
            throw new IOException("cannot start the " + broker.kind() + " broker: " + e.getMessage(), e);
        }
        GrizzlyWebSocketContainer container = null;
        try {
            metrics.observe(service.hub(), broker);
            container = new GrizzlyWebSocketContainer(config.host(), config.port(), config.selectorThreads(),
                    config.workerThreads(), EdgeLimits.of(config), metrics::rateLimited, metrics::slowConsumerClosed);
            Identity identity = JwtIdentity.orQueryUserId(config.authSecret());
            container.addEndpoint(ChatEndpoint.config(new EndpointCollaborators(service.hub(),
                    config.allowedOrigins(), identity, TyrusRemoteAddress::of, container.transports())));
            container.start();
        } catch (Exception e) {
            try {
                if (container != null) {
                    container.stop();
                }
            } finally {
                service.close();
            }
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        ChatServer server = new ChatServer(config, service, container);
        if (config.metricsPort() != 0) {
            try {
                server.ops = OpsServer.start(config.host(), config.metricsPort(), registry, server::health);
            } catch (IOException e) {
                server.close();
                throw new IOException("cannot serve metrics on " + config.host() + ":" + config.metricsPort()
                        + " (METRICS_PORT): " + e.getMessage(), e);
            }
        }
        if (config.api().isPresent()) {
            try {
                server.api = ApiServer.start(config.host(), config.api().get(), service.hub().operations());
            } catch (IOException e) {
                server.close();
                throw new IOException("cannot serve the server API on " + config.host() + ":" + config.api().get().port()
                        + " (API_PORT): " + e.getMessage(), e);
            }
        }
        return server;
    }

    /** The server API's port; -1 without {@code API_PORT}. */
    public int apiPort() {
        return api == null ? -1 : api.port();
    }

    /** WebSocket connections whose sockets are still open (what the open-files limit counts). */
    int openSockets() {
        return container.openWebSocketConnections();
    }

    /** Handshake and close deadlines not yet due. */
    int scheduledDeadlines() {
        return container.scheduledDeadlines();
    }

    /** Writes that carried several queued frames at once. */
    long framesWrittenTogether() {
        return container.joinedWrites();
    }

    /** Inbound messages taken past Tyrus ({@link DirectFrameReader}). */
    long messagesReadDirectly() {
        return container.messagesReadDirectly();
    }

    /** Sessions whose frames are written straight to their sockets ({@link DirectFrameTransport}). */
    long directSessions() {
        return container.directSessions();
    }

    /** The side port serving /metrics and /health; -1 when disabled. */
    public int metricsPort() {
        return ops == null ? -1 : ops.port();
    }

    private OpsServer.Health health() {
        Broker broker = service.broker();
        return new OpsServer.Health(config.instanceId(), broker.kind(),
                broker.isAvailable(), service.hub().connectionCount(), accepting, broker.subscriberStatus());
    }

    /** The bound port (the real one when the configured port was 0). */
    public int port() {
        return container.getPort();
    }

    /** The chat endpoint's URI, with a loopback host when listening on every address. */
    public URI chatUri() {
        return URI.create("ws://" + reachableAuthority() + ChatEndpoint.PATH);
    }

    /** The chat page's URI (same port as the endpoint), with a loopback host when listening on every address. */
    public URI pageUri() {
        return URI.create("http://" + reachableAuthority() + "/");
    }

    private String reachableAuthority() {
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "127.0.0.1" : config.host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return host + ":" + port();
    }

    public ChatHub hub() {
        return service.hub();
    }

    /**
     * Stops accepting, sends every client the SHUTDOWN notice, closes each with 1012 once its queue
     * is written, waits for them up to the configured timeout, then closes the server.
     *
     * @return true when every connection closed within the timeout
     */
    public boolean shutdownGracefully() {
        accepting = false;
        container.stopAccepting();
        boolean drained = service.drain(config.shutdownTimeout());
        close();
        return drained;
    }

    /**
     * Closes at once, without notice to clients, in reverse order of start: the server API, the side port, the
     * container, then the chat service (peer checks, broker, writer threads). Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        accepting = false;
        if (api != null) {
            api.close();
        }
        if (ops != null) {
            ops.close();
        }
        try {
            container.stop();
        } finally {
            service.close();
        }
    }
}
