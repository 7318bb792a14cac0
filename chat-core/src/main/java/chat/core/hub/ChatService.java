package chat.core.hub;

import chat.core.access.RoomAccess;
import chat.core.broker.Broker;
import chat.core.hooks.ChatHooks;
import chat.core.events.ChatEvents;
import chat.core.protocol.ShutdownNotice;

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
 * A hub and what it runs on, whichever container carries its connections: the writer threads, the
 * broker and the peer checks (stalled writes and, when pings are on, silent peers). {@link #start}
 * starts them in that order; {@link #close} stops them in reverse. The container that owns the
 * sockets is not part of it: the standalone runner and a web application each wrap one.
 *
 * <p>{@link #drain} and {@link #close} may be called from any thread; close is idempotent.
 */
public final class ChatService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatService.class.getName());
    /** How long {@link #drain} waits for clients unless told otherwise ({@code SHUTDOWN_TIMEOUT_MS}). */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration WRITERS_STOP_TIMEOUT = Duration.ofSeconds(2);
    /** How often stalled writes are looked for (pings may ask for more often). */
    private static final long PEER_CHECK_PERIOD_MS = 500;

    /**
     * @param limits        the rules' limits
     * @param writerThreads threads that write queued frames to sockets
     * @param pingInterval  a connection silent this long gets a ping; zero: no pings
     * @param pongTimeout   after the ping, silence this long closes it with 1001
     * @param hooks         who may ENTER a room or read its HISTORY, what happens to a TALK before it is
     *                      numbered, who is told what members did ({@link ChatHooks#defaults()}: anyone,
     *                      as sent, nobody)
     */
    public record Options(ChatLimits limits, int writerThreads, Duration pingInterval, Duration pongTimeout,
                          ChatHooks hooks) {
        public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
        public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);

        /** Default limits, a writer thread per core, a ping after 30 s of silence answered within 10 s. */
        public static Options defaults() {
            return new Options(ChatLimits.defaults(), Runtime.getRuntime().availableProcessors(),
                    DEFAULT_PING_INTERVAL, DEFAULT_PONG_TIMEOUT);
        }

        /** With the default hooks ({@link ChatHooks#defaults()}). */
        public Options(ChatLimits limits, int writerThreads, Duration pingInterval, Duration pongTimeout) {
            this(limits, writerThreads, pingInterval, pongTimeout, ChatHooks.defaults());
        }

        public Options withHooks(ChatHooks newHooks) {
            return new Options(limits, writerThreads, pingInterval, pongTimeout, newHooks);
        }

        public Options withRoomAccess(RoomAccess access) {
            return withHooks(hooks.withRoomAccess(access));
        }

        public Options withLimits(ChatLimits newLimits) {
            return new Options(newLimits, writerThreads, pingInterval, pongTimeout, hooks);
        }

        /** A zero {@code interval} turns pings off. */
        public Options withPings(Duration interval, Duration timeout) {
            return new Options(limits, writerThreads, interval, timeout, hooks);
        }

        public Options {
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(hooks, "hooks");
            if (writerThreads < 1) {
                throw new IllegalArgumentException("writerThreads must be at least 1, was " + writerThreads);
            }
            if (pingInterval.isNegative() || pongTimeout.isNegative() || pongTimeout.isZero()) {
                throw new IllegalArgumentException("pingInterval must not be negative and pongTimeout must be positive");
            }
        }
    }

    private final String name;
    private final Options options;
    private final Broker broker;
    private final ForkJoinPool writers;
    private final ChatHub hub;
    private final ScheduledExecutorService peerChecker;
    private boolean closed;

    private ChatService(String name, Options options, Broker broker, ForkJoinPool writers, ChatHub hub,
                        ScheduledExecutorService peerChecker) {
        this.name = name;
        this.options = options;
        this.broker = broker;
        this.writers = writers;
        this.hub = hub;
        this.peerChecker = peerChecker;
    }

    /**
     * Starts the writer threads, a hub on {@code broker}, the broker with the hub as its listener,
     * and the peer checks. On failure what was started, the broker included, is closed again.
     *
     * @param name   how logs name this service, such as {@code instance chat-1}
     * @param events told what the hub does (metrics); {@link ChatEvents#NONE} for nothing
     */
    public static ChatService start(String name, Options options, Broker broker, ChatEvents events) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(events, "events");
        ForkJoinPool writers = writerPool(options.writerThreads());
        try {
            ChatHub hub = new ChatHub(broker, options.limits(), Clock.systemUTC(), writers, events, options.hooks());
            broker.start(hub);
            ScheduledExecutorService peerChecker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread t = new Thread(runnable, "chat-peer-check");
                t.setDaemon(true);
                return t;
            });
            ChatService service = new ChatService(name, options, broker, writers, hub, peerChecker);
            long period = peerCheckPeriodMillis(options);
            peerChecker.scheduleWithFixedDelay(service::checkPeers, period, period, TimeUnit.MILLISECONDS);
            return service;
        } catch (RuntimeException e) {
            try {
                broker.close();
            } finally {
                writers.shutdownNow();
            }
            throw e;
        }
    }

    public ChatHub hub() {
        return hub;
    }

    public Broker broker() {
        return broker;
    }

    /**
     * Sends every client the SHUTDOWN notice behind what is queued for it and closes each with 1012
     * once its queue is written (new connections are refused with 1012 from now on), and waits up to
     * {@code timeout} for them to close. Does not {@link #close}.
     *
     * @return true when every connection closed within the timeout
     */
    public boolean drain(Duration timeout) {
        LOG.log(System.Logger.Level.INFO, "{0}: shutting down, closing {1} connections (timeout {2} ms)",
                name, String.valueOf(hub.connectionCount()), String.valueOf(timeout.toMillis()));
        try {
            hub.shutdown(new ShutdownNotice(ShutdownNotice.DEFAULT_MESSAGE)).toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} connections still open after {2} ms; closing them hard",
                    name, String.valueOf(hub.connectionCount()), String.valueOf(timeout.toMillis()));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + ": shutdown failed", e.getCause());
        }
    }

    /**
     * Stops at once, in reverse order of start: the peer checks, the broker (no more deliveries), then
     * the writer threads (what they are writing is finished within a bound).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        peerChecker.shutdownNow();
        try {
            broker.close();
        } finally {
            stopWriters();
        }
    }

    private void checkPeers() {
        try {
            hub.checkPeers(options.pingInterval(), options.pongTimeout());
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable e) {
            // must not end the schedule (an executor drops a periodic task that throws); a failing
            // check is a bug worth one line with its cause
            LOG.log(System.Logger.Level.ERROR, name + ": peer check failed; checking again in the next period", e);
        }
    }

    private void stopWriters() {
        writers.shutdown();
        try {
            if (!writers.awaitTermination(WRITERS_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "{0}: writer threads still busy after {1} ms; abandoning them",
                        name, String.valueOf(WRITERS_STOP_TIMEOUT.toMillis()));
                writers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writers.shutdownNow();
        }
    }

    private static long peerCheckPeriodMillis(Options options) {
        if (options.pingInterval().isZero()) {
            return PEER_CHECK_PERIOD_MS;
        }
        long half = Math.min(options.pingInterval().toMillis(), options.pongTimeout().toMillis()) / 2;
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
