package chat.runner;

import chat.endpoint.Transports;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.nio.transport.TCPNIOTransportBuilder;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import java.io.IOException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tyrus on a Grizzly HTTP server, built here rather than through Tyrus' {@code Server} so that it
 * binds the configured address (Tyrus' own binds 0.0.0.0 always), sizes its thread pools
 * explicitly, and can stop accepting connections while the open ones are closed gracefully.
 * WebSocket upgrades go to the endpoints; every other HTTP request to the {@link ChatPageHandler}.
 */
final class GrizzlyWebSocketContainer extends TyrusServerContainer {
    private static final String CONTEXT_PATH = "/";
    private static final int MAX_FRAME_HEADER = 14;
    /** Tyrus buffers whole reads: leave room for a read that holds a full frame and the next's start. */
    private static final int READ_SLACK = 64 * 1024;

    private final TyrusWebSocketEngine engine;
    private final HttpServer http = new HttpServer();
    private final NetworkListener listener;
    private final TCPNIOTransport transport;
    private final ScheduledThreadPoolExecutor deadlines = deadlineScheduler();
    private final CloseDeadline closeDeadline;
    private final LongAdder directSessions = new LongAdder();
    private final LongAdder joinedWrites = new LongAdder();
    private final LongAdder readDirectly = new LongAdder();

    /**
     * @param limits               what the filters in front of Tyrus enforce on each connection
     * @param onPingFlood          called for each connection closed for pinging past its rate limit
     * @param onWriteQueueOverflow called for each connection terminated for its socket's write queue;
     *                             both callbacks must not block
     */
    GrizzlyWebSocketContainer(String host, int port, int selectorThreads, int workerThreads, EdgeLimits limits,
                              Runnable onPingFlood, Runnable onWriteQueueOverflow) {
        super((Set<Class<?>>) null);
        this.engine = TyrusWebSocketEngine.builder(this)
                .incomingBufferSize(limits.maxFramePayload() + MAX_FRAME_HEADER + READ_SLACK).build();
        this.listener = new NetworkListener("chat", host, port);
        this.transport = transport(selectorThreads, workerThreads);
        listener.setTransport(transport);
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1); // WebSocket connections live as long as they like
        listener.registerAddOn(new WebSocketAddOn(this, CONTEXT_PATH));
        listener.registerAddOn(UpgradeRequestRelease.addOn()); // halves an idle connection's heap
        // Each filter below goes right in front of Tyrus, so the first registered is nearest the socket:
        // it reads first and writes last. The write queue bound sees every frame the others write too;
        // the handshake check refuses bad requests before anything counts or allocates for them.
        listener.registerAddOn(inFrontOfTyrus(new WriteQueueBound(limits.writeQueueBytes(), onWriteQueueOverflow)));
        listener.registerAddOn(inFrontOfTyrus(new HandshakeCheck()));
        this.closeDeadline = new CloseDeadline(deadlines, limits.closeDeadlineMillis());
        listener.registerAddOn(inFrontOfTyrus(closeDeadline));
        // after the close deadline, so that the close frames it writes start the deadline too
        listener.registerAddOn(inFrontOfTyrus(new InboundFrameGuard(limits.maxFramePayload(), limits.pingBurst(),
                limits.pingsPerSecond(), onPingFlood)));
        listener.registerAddOn(inFrontOfTyrus(new HandshakeDeadline(deadlines, limits.handshakeDeadlineMillis())));
        listener.registerAddOn(inFrontOfTyrus(new UpgradeHandOff())); // sees each 101 Tyrus writes
        http.addListener(listener);
        http.getServerConfiguration().addHttpHandler(new ChatPageHandler(), CONTEXT_PATH); // plain HTTP: the chat page
    }

    /**
     * The TCP transport: {@code selectorThreads} threads that wait for the sockets and, with no
     * worker threads, also read each frame and run the chat's rules, each thread for its own
     * connections and without handing work to another thread (nothing on that path blocks: the
     * broker's commands run on its own threads); with {@code workerThreads}, a pool that takes over
     * each read from the selector threads, at the price of a thread hand-off and two changes to the
     * selector's interest set per read.
     */
    private static TCPNIOTransport transport(int selectorThreads, int workerThreads) {
        TCPNIOTransportBuilder builder = TCPNIOTransportBuilder.newInstance()
                .setSelectorThreadPoolConfig(ThreadPoolConfig.defaultConfig().copy()
                        .setPoolName("chat-selector").setCorePoolSize(selectorThreads).setMaxPoolSize(selectorThreads))
                .setSelectorRunnersCount(selectorThreads)
                .setTcpNoDelay(true)
                .setReuseAddress(true);
        if (workerThreads == 0) {
            builder.setIOStrategy(SameThreadIOStrategy.getInstance()).setWorkerThreadPoolConfig(null);
        } else {
            builder.setIOStrategy(WorkerThreadIOStrategy.getInstance())
                    .setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig().copy()
                            .setPoolName("chat-worker").setCorePoolSize(workerThreads).setMaxPoolSize(workerThreads));
        }
        return builder.build();
    }

    /** One daemon thread for the handshake and close deadlines; a cancelled deadline leaves at once. */
    private static ScheduledThreadPoolExecutor deadlineScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "chat-deadlines");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    /**
     * Puts {@code filter} right in front of Tyrus' filter, where HTTP requests and the content of
     * upgraded connections arrive parsed; register it after Tyrus' WebSocketAddOn.
     */
    private static AddOn inFrontOfTyrus(Filter filter) {
        return (listener, builder) -> {
            int tyrus = builder.indexOfType(GrizzlyServerFilter.class);
            if (tyrus < 0) {
                throw new IllegalStateException("register " + filter.getClass().getSimpleName()
                        + " after Tyrus' WebSocketAddOn");
            }
            builder.add(tyrus, filter);
        };
    }

    /**
     * How the chat endpoint writes to this container's sessions: each frame's bytes straight to the
     * socket it was upgraded on ({@link DirectFrameTransport}); and how it reads them: plain text
     * frames and pongs taken before Tyrus ({@link DirectFrameReader}).
     */
    Transports transports() {
        return DirectFrameTransport.transports(directSessions, joinedWrites, readDirectly);
    }

    /** Handshake and close deadlines not yet due. */
    int scheduledDeadlines() {
        return deadlines.getQueue().size();
    }

    /** Socket writes so far that carried several queued frames at once. */
    long joinedWrites() {
        return joinedWrites.sum();
    }

    /** Inbound messages so far taken past Tyrus ({@link DirectFrameReader}). */
    long messagesReadDirectly() {
        return readDirectly.sum();
    }

    /** Sessions opened so far with a {@link DirectFrameTransport}. */
    long directSessions() {
        return directSessions.sum();
    }

    /** Registers the endpoints, then binds and starts accepting. */
    void start() throws IOException, DeploymentException {
        start(CONTEXT_PATH, listener.getPort());
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
        super.start(rootPath, port); // registers the endpoints added so far
        http.start();
    }

    /** Closes the listening socket; open connections stay open. */
    void stopAccepting() {
        transport.unbindAll();
    }

    @Override
    public void stop() {
        super.stop();
        http.shutdownNow();
        deadlines.shutdownNow();
    }

    /** WebSocket connections whose sockets are open. */
    int openWebSocketConnections() {
        return closeDeadline.openConnections();
    }

    @Override
    public int getPort() {
        return listener.getPort();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, CONTEXT_PATH);
    }

    @Override
    public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
        engine.register(serverEndpointConfig, CONTEXT_PATH);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }
}
