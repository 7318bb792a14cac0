package chat.webapp;

import chat.core.Broker;
import chat.core.ChatEvents;
import chat.core.ChatHub;
import chat.core.ShutdownNotice;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A web application's hub and what it runs on: the broker, the writer threads and the peer checks
 * (stalled writes, pings). {@link #start} starts them in that order; {@link #close} stops them in
 * reverse. The container owns the sockets: the service never stops it.
 *
 * <p>Thread-safety: {@link #shutdownGracefully} and {@link #close} may be called from any thread;
 * close is idempotent.
 */
final class ChatService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatService.class.getName());
    private static final Duration WRITERS_STOP_TIMEOUT = Duration.ofSeconds(2);
    /** How often stalled writes are looked for (pings may ask for more often). */
    private static final long PEER_CHECK_PERIOD_MS = 500;

    private final String name;
    private final WebAppSettings settings;
    private final Broker broker;
    private final ForkJoinPool writers;
    private final ChatHub hub;
    private final ScheduledExecutorService peerChecker;
    private boolean closed;

    private ChatService(String name, WebAppSettings settings, Broker broker, ForkJoinPool writers, ChatHub hub,
                        ScheduledExecutorService peerChecker) {
        this.name = name;
        this.settings = settings;
        this.broker = broker;
        this.writers = writers;
        this.hub = hub;
        this.peerChecker = peerChecker;
    }

    /**
     * Starts delivering from {@code broker} to a new hub. On failure what was started, the broker
     * included, is closed again.
     *
     * @param name how logs name this service, such as the application's context path
     */
    static ChatService start(String name, WebAppSettings settings, Broker broker) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(broker, "broker");
        ForkJoinPool writers = writerPool(settings.writerThreads());
        try {
            ChatHub hub = new ChatHub(broker, settings.limits(), Clock.systemUTC(), writers, ChatEvents.NONE);
            broker.start(hub);
            ScheduledExecutorService peerChecker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread t = new Thread(runnable, "chat-peer-check");
                t.setDaemon(true);
                return t;
            });
            ChatService service = new ChatService(name, settings, broker, writers, hub, peerChecker);
            long period = peerCheckPeriodMillis(settings);
            peerChecker.scheduleWithFixedDelay(service::checkPeers, period, period, TimeUnit.MILLISECONDS);
            return service;
        } catch (RuntimeException e) {
            writers.shutdownNow();
            broker.close();
            throw e;
        }
    }

    ChatHub hub() {
        return hub;
    }

    /**
     * Sends every client the SHUTDOWN notice behind what is queued for it and closes each with 1012
     * once its queue is written (new connections are refused with 1012 from now on); waits up to the
     * settings' shutdown timeout for them to close, then {@link #close}s.
     *
     * @return true when every connection closed within the timeout
     */
    boolean shutdownGracefully() {
        Duration timeout = settings.shutdownTimeout();
        LOG.log(System.Logger.Level.INFO, "chat-webapp {0}: shutting down, closing {1} connections (timeout {2} ms)",
                name, String.valueOf(hub.connectionCount()), String.valueOf(timeout.toMillis()));
        boolean drained = false;
        try {
            hub.shutdown(new ShutdownNotice(ShutdownNotice.DEFAULT_MESSAGE)).toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            drained = true;
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "chat-webapp {0}: {1} connections still open after {2} ms;"
                            + " leaving them to the container, which closes them as the application stops",
                    name, String.valueOf(hub.connectionCount()), String.valueOf(timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.ERROR, "chat-webapp " + name + ": graceful shutdown failed", e.getCause());
        } finally {
            close();
        }
        return drained;
    }

    /** Stops at once, in reverse order of start: the peer checks, the writer threads, then the broker. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        peerChecker.shutdownNow();
        try {
            stopWriters();
        } finally {
            broker.close();
        }
    }

    private void checkPeers() {
        try {
            hub.checkStalledWrites();
            if (!settings.pingInterval().isZero()) {
                hub.checkIdle(settings.pingInterval(), settings.pongTimeout());
            }
        } catch (RuntimeException e) {
            // must not end the schedule; a failing check is a bug worth one line with its cause
            LOG.log(System.Logger.Level.ERROR, "chat-webapp " + name + ": peer check failed", e);
        }
    }

    private void stopWriters() {
        writers.shutdown();
        try {
            if (!writers.awaitTermination(WRITERS_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "chat-webapp {0}: writer threads still busy after {1} ms; abandoning them",
                        name, String.valueOf(WRITERS_STOP_TIMEOUT.toMillis()));
                writers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writers.shutdownNow();
        }
    }

    private static long peerCheckPeriodMillis(WebAppSettings settings) {
        if (settings.pingInterval().isZero()) {
            return PEER_CHECK_PERIOD_MS;
        }
        long half = Math.min(settings.pingInterval().toMillis(), settings.pongTimeout().toMillis()) / 2;
        return Math.max(20, Math.min(PEER_CHECK_PERIOD_MS, half));
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
