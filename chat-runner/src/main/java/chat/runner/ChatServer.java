package chat.runner;

import chat.core.Broker;
import chat.core.ChatHub;
import chat.core.ShutdownNotice;
import chat.endpoint.ChatDeployment;
import chat.endpoint.ChatEndpoint;
import chat.endpoint.Identity;
import chat.endpoint.QueryUserId;
import chat.runner.ops.ChatMetrics;
import chat.runner.ops.OpsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running chat server: the hub, its broker and the WebSocket container around them.
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

    private static final Duration WRITERS_STOP_TIMEOUT = Duration.ofSeconds(2);
    /** How often stalled writes are looked for (pings may ask for more often). */
    private static final long PEER_CHECK_PERIOD_MS = 500;

    private final ServerConfig config;
    private final Broker broker;
    private final ForkJoinPool writers;
    private final ChatHub hub;
    private final GrizzlyWebSocketContainer container;
    private OpsServer ops; // null when METRICS_PORT is 0
    private ScheduledExecutorService peerChecker;
    private volatile boolean accepting = true;
    private boolean closed;

    private ChatServer(ServerConfig config, Broker broker, ForkJoinPool writers, ChatHub hub,
                       GrizzlyWebSocketContainer container) {
        this.config = config;
        this.broker = broker;
        this.writers = writers;
        this.hub = hub;
        this.container = container;
    }

    /**
     * Starts the broker and the server; returns once the port is bound. On failure everything
     * started so far, the broker included, is closed again.
     */
    public static ChatServer start(ServerConfig config, Broker broker) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(broker, "broker");
        ForkJoinPool writers = writerPool(config.writerThreads());
        PrometheusRegistry registry = new PrometheusRegistry();
        ChatMetrics metrics = new ChatMetrics(registry);
        ChatHub hub = new ChatHub(broker, config.limits(), Clock.systemUTC(), writers, metrics);
        metrics.observe(hub, broker);
        GrizzlyWebSocketContainer container = new GrizzlyWebSocketContainer(config.host(), config.port(),
                config.selectorThreads(), config.workerThreads(), ChatEndpoint.MAX_FRAME_BYTES,
                config.limits().sendTimeoutMillis());
        try {
            broker.start(hub);
            Identity identity = config.authSecret().<Identity>map(JwtIdentity::new).orElseGet(QueryUserId::new);
            ChatDeployment.deploy(hub, config.allowedOrigins(), identity, TyrusRemoteAddress::of, () -> {
                container.addEndpoint(ChatEndpoint.class);
                container.start();
            });
        } catch (Exception e) {
            container.stop();
            writers.shutdownNow();
            broker.close();
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        ChatServer server = new ChatServer(config, broker, writers, hub, container);
        server.peerChecker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "chat-peer-check");
            t.setDaemon(true);
            return t;
        });
        long period = PEER_CHECK_PERIOD_MS;
        if (!config.pingInterval().isZero()) {
            period = Math.max(20, Math.min(period, Math.min(config.pingInterval().toMillis(), config.pongTimeout().toMillis()) / 2));
        }
        server.peerChecker.scheduleWithFixedDelay(server::checkPeers, period, period, TimeUnit.MILLISECONDS);
        if (config.metricsPort() != 0) {
            try {
                server.ops = OpsServer.start(config.host(), config.metricsPort(), registry, server::health);
            } catch (IOException e) {
                server.close();
                throw new IOException("cannot serve metrics on " + config.host() + ":" + config.metricsPort()
                        + " (METRICS_PORT): " + e.getMessage(), e);
            }
        }
        return server;
    }

    /** WebSocket connections whose sockets are still open (what the open-files limit counts). */
    int openSockets() {
        return container.openWebSocketConnections();
    }

    /** The side port serving /metrics and /health; -1 when disabled. */
    public int metricsPort() {
        return ops == null ? -1 : ops.port();
    }

    /** Stalled writers (slow consumers) and, when pings are on, silent peers. */
    private void checkPeers() {
        try {
            hub.checkStalledWrites();
            if (!config.pingInterval().isZero()) {
                hub.checkIdle(config.pingInterval(), config.pongTimeout());
            }
        } catch (RuntimeException e) {
            // must not end the schedule; a failing check is a bug worth one line with its cause
            LOG.log(System.Logger.Level.ERROR, "instance " + config.instanceId() + ": peer check failed", e);
        }
    }

    private OpsServer.Health health() {
        return new OpsServer.Health(config.instanceId(), broker.kind(),
                broker.isAvailable(), hub.connectionCount(), accepting, broker.subscriberStatus());
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
        return hub;
    }

    /**
     * Stops accepting, sends every client the SHUTDOWN notice, closes each with 1012 once its queue
     * is written, waits for them up to the configured timeout, then closes the server.
     *
     * @return true when every connection closed within the timeout
     */
    public boolean shutdownGracefully() {
        Duration timeout = config.shutdownTimeout();
        int open = hub.connectionCount();
        LOG.log(System.Logger.Level.INFO, "instance {0}: shutting down, closing {1} connections (timeout {2} ms)",
                config.instanceId(), String.valueOf(open), String.valueOf(timeout.toMillis()));
        accepting = false;
        container.stopAccepting();
        boolean drained;
        try {
            hub.shutdown(new ShutdownNotice(ShutdownNotice.DEFAULT_MESSAGE)).toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            drained = true;
        } catch (TimeoutException e) {
            drained = false;
            LOG.log(System.Logger.Level.WARNING, "instance {0}: {1} connections still open after {2} ms; closing them hard",
                    config.instanceId(), String.valueOf(hub.connectionCount()), String.valueOf(timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("shutdown failed", e.getCause());
        }
        close();
        return drained;
    }

    /**
     * Closes at once, without notice to clients, in reverse order of start: the side port, the
     * container, the writer threads, then the broker. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        accepting = false;
        if (peerChecker != null) {
            peerChecker.shutdownNow();
        }
        if (ops != null) {
            ops.close();
        }
        try {
            container.stop();
        } finally {
            try {
                stopWriters();
            } finally {
                broker.close();
            }
        }
    }

    private void stopWriters() {
        writers.shutdown();
        try {
            if (!writers.awaitTermination(WRITERS_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "instance {0}: writer threads still busy after {1} ms; abandoning them",
                        config.instanceId(), String.valueOf(WRITERS_STOP_TIMEOUT.toMillis()));
                writers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writers.shutdownNow();
        }
    }

    /** FIFO work-stealing pool: many short write tasks from one delivering thread spread over cores. */
    private static ForkJoinPool writerPool(int threads) {
        AtomicInteger count = new AtomicInteger();
        return new ForkJoinPool(threads, pool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            thread.setName("chat-writer-" + count.incrementAndGet());
            return thread;
        }, null, true);
    }
}
