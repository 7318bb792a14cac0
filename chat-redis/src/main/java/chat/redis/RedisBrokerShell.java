package chat.redis;

import chat.core.broker.Broker;
import chat.core.broker.BrokerListener;
import chat.core.broker.BrokerUnavailableException;
import chat.core.broker.SubscriberStatus;
import chat.core.events.Limit;
import chat.core.history.HistoryBounds;
import chat.core.history.HistoryPolicy;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.MessageType;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What every Redis broker does, whether over one Redis ({@link RedisBroker}) or a Redis Cluster
 * ({@link RedisClusterBroker}); where a room's subscription goes, and whether the Redis behind a
 * room is reachable, is its {@link SubscriberRouting}'s concern, and the connections commands run
 * on its {@link CommandClients}'.
 *
 * <ul>
 *   <li>Publishing: a TALK runs the script that numbers, stores and publishes it
 *       ({@link HistoryScripts}), then indexes a new room's history ({@link HistoryRooms}); other
 *       messages are published as they are. Room traffic goes through a bounded pool of threads and
 *       connections ({@code REDIS_PUBLISHERS}, {@link RedisCommands}), and fails at once with
 *       {@link BrokerUnavailableException} while the room's Redis is unreachable.</li>
 *   <li>History reads run on a pool of their own ({@code REDIS_READERS}, at most
 *       {@link RedisConfig#READ_QUEUE} waiting), so reads never wait for or delay a TALK. A full
 *       queue fails the command and is reported ({@link Limit#BROKER_QUEUE}).</li>
 *   <li>Retention: every third of the retention time the broker renews the keys (and index
 *       entries) of every room it has subscribed, in one command task; and when a room's last local
 *       member leaves, that room's, provided its Redis is reachable then (a renewal that cannot
 *       succeed would hold a command thread other rooms' TALKs need).</li>
 *   <li>Liveness: every {@code REDIS_PING_INTERVAL_MS} each subscriber connection gets a
 *       heartbeat; scheduled work never dies of one failed run ({@link Periodic}).</li>
 *   <li>Health: available while every subscriber connection is up; one status per connection.</li>
 * </ul>
 *
 * <p>Lifecycle: {@link #start} once; it returns when the routing reports Redis available or after
 * {@code REDIS_TIMEOUT_MS}, after which the broker keeps connecting in the background (the server
 * serves WebSocket clients meanwhile). {@link #close} is idempotent, also after a failed start, and
 * closes in reverse order of start: scheduler, routing, read and command pools (commands not run in
 * time fail with UNAVAILABLE), clients. Thread-safe: start and close are serialised; every other
 * method may be called from any thread.
 */
public abstract sealed class RedisBrokerShell implements Broker permits RedisBroker, RedisClusterBroker {
    private final BrokerKind kind;
    private final RedisConfig config;
    private final String instanceId;
    private final ChatCodec codec = new ChatCodec();
    private final RoomKeys keys;
    private final HistoryScripts scripts;
    private final HistoryRooms historyRooms;
    private final CommandClients clients;
    private final SubscriberRouting routing;
    private final Object availability = new Object(); // signalled when the routing's availability may have changed
    private volatile BrokerListener listener;
    private volatile RedisCommands commands;
    private volatile RedisCommands reads;
    private ScheduledExecutorService scheduler; // heartbeats and retention refreshes
    private volatile boolean closed;

    RedisBrokerShell(BrokerKind kind, RedisConfig config, String instanceId, HistoryPolicy history,
                     CommandClients clients, SubscriberRouting routing) {
        this.kind = kind;
        this.config = Objects.requireNonNull(config, "config");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.clients = clients;
        this.routing = routing;
        this.keys = new RoomKeys(config.prefix());
        this.scripts = new HistoryScripts(keys, codec, Objects.requireNonNull(history, "history"), kind.pubSub());
        // in a cluster, while a node is down, the index on it and rooms on it are skipped rather than waited for
        this.historyRooms = new HistoryRooms(keys, scripts, history, routing::keyReachable,
                () -> listener.limitReached(Limit.HISTORY_ROOMS));
    }

    /** The channel a room's traffic goes on: classic on one Redis, the shard channel in a cluster. */
    public final String channel(String roomId) {
        return kind.pubSub().channel(keys, roomId);
    }

    @Override
    public final synchronized void start(BrokerListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (this.listener != null) {
            throw new IllegalStateException("broker already started");
        }
        this.listener = listener;
        Runnable queueFull = () -> listener.limitReached(Limit.BROKER_QUEUE);
        clients.start();
        commands = new RedisCommands("commands", kind.commandThreads(), config.publishers(), config.publishQueue(),
                config.timeout(), clients::commands, queueFull);
        reads = new RedisCommands("history reads", "chat-redis-read-", config.readers(), RedisConfig.READ_QUEUE,
                config.timeout(), clients::reads, queueFull);
        routing.start(new RoomTraffic(keys, codec, listener), this::availabilityChanged);
        scheduler = Executors.newSingleThreadScheduledExecutor(RedisCommands.named(kind.schedulerThreads()));
        String broker = kind.logName() + " " + instanceId;
        long ping = config.pingInterval().toMillis();
        scheduler.scheduleWithFixedDelay(Periodic.guarded(kind.log(), broker + ": heartbeats", this::heartbeats),
                ping, ping, TimeUnit.MILLISECONDS);
        long touchEvery = scripts.refreshIntervalMillis();
        scheduler.scheduleWithFixedDelay(Periodic.guarded(kind.log(), broker + ": renewing history retention",
                this::keepHistoriesAlive), touchEvery, touchEvery, TimeUnit.MILLISECONDS);
        if (!awaitAvailable(config.timeout())) {
            kind.log().log(System.Logger.Level.WARNING, kind.unreachableAtStart(), config.safeUrl(),
                    String.valueOf(config.reconnectMax().toMillis()));
        }
    }

    @Override
    public final String kind() {
        return kind.label();
    }

    @Override
    public final CompletionStage<Void> subscribe(String roomId) {
        return routing.subscribe(roomId);
    }

    @Override
    public final CompletionStage<Void> unsubscribe(String roomId) {
        routing.unsubscribe(roomId);
        if (roomUp(roomId)) {
            // the retention time of the room's history starts now, unless other instances keep it alive
            housekeeping(redis -> {
                historyRooms.refresh(redis, roomId);
                return null;
            });
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public final CompletionStage<ChatMessage> publish(ChatMessage message) {
        String roomId = message.roomId();
        if (message.type() == MessageType.TALK) {
            return traffic(roomId, redis -> {
                long seq = scripts.appendAndPublish(redis, message);
                historyRooms.talkStored(redis, roomId, seq);
                return message.withSeq(seq);
            });
        }
        String channel = channel(roomId);
        String json = codec.encode(message);
        return traffic(roomId, redis -> {
            kind.pubSub().publish(redis, channel, json);
            return message;
        });
    }

    @Override
    public final CompletionStage<HistorySlice> historyAfter(String roomId, long afterSeq, HistoryBounds bounds) {
        return read(redis -> clients.read(() -> scripts.after(redis, roomId, afterSeq, bounds)));
    }

    @Override
    public final CompletionStage<HistorySlice> historyBefore(String roomId, long beforeSeq, HistoryBounds bounds) {
        return read(redis -> clients.read(() -> scripts.before(redis, roomId, beforeSeq, bounds)));
    }

    /** True while every subscriber connection is up. */
    @Override
    public final boolean isAvailable() {
        return !closed && routing.isAvailable();
    }

    @Override
    public final List<SubscriberStatus> subscriberStatus() {
        return routing.subscribers().stream().map(s -> new SubscriberStatus(s.shard(), s.name(), s.isReady(),
                (int) s.wantedChannels().stream().filter(c -> keys.roomOf(c) != null).count())).toList();
    }

    @Override
    public final long reconnects() {
        return routing.reconnects();
    }

    @Override
    public final synchronized void close() {
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
            awaitStopped(scheduler);
        }
        routing.close();
        if (reads != null) {
            reads.close();
        }
        if (commands != null) {
            commands.close(); // queued commands not run in time fail with UNAVAILABLE
        }
        clients.close();
    }

    private boolean roomUp(String roomId) {
        return !closed && routing.roomUp(roomId);
    }

    /** Room traffic: refused at once, and again before it runs, while the room's Redis is unreachable. */
    private <T> CompletionStage<T> traffic(String roomId, Function<UnifiedJedis, T> command) {
        return commands.submit(command, () -> roomUp(roomId), kind.roomDown(roomId));
    }

    /** Retention renewals: tried whenever there is a client, since they go on past failed rooms. */
    private <T> CompletionStage<T> housekeeping(Function<UnifiedJedis, T> command) {
        return commands.submit(command, () -> !closed && clients.commands() != null, kind.notConnected());
    }

    /**
     * A history read on a reader thread and connection. Reads do not wait for every subscriber
     * connection to be ready: an instance recovers rooms by reading right after their resubscription.
     */
    private <T> CompletionStage<T> read(Function<UnifiedJedis, T> command) {
        return reads.submit(command, () -> !closed && clients.reads() != null, kind.readsDown());
    }

    /**
     * Renews the retention time of every room with local members, so none expires while in use:
     * one command task for all of them (not one each, which could fill the command queue).
     */
    private void keepHistoriesAlive() {
        List<String> rooms = routing.rooms();
        if (rooms.isEmpty()) {
            return;
        }
        this.<Integer>housekeeping(redis -> historyRooms.refreshAll(redis, rooms)).whenComplete((failed, error) -> {
            if (error != null || failed > 0) {
                kind.log().log(System.Logger.Level.WARNING, kind.logName() + ": refreshing the history retention of {0}"
                        + " of {1} rooms failed; retried in a third of the retention time",
                        error != null ? rooms.size() : failed, rooms.size());
            }
        });
    }

    private void heartbeats() {
        for (RedisSubscriber subscriber : routing.subscribers()) {
            try {
                subscriber.heartbeat();
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) {
                // must not end the round or the schedule: the next heartbeat checks again
                kind.log().log(System.Logger.Level.DEBUG, kind.logName() + ": heartbeat of " + subscriber.name()
                        + " failed", e);
            }
        }
    }

    private void availabilityChanged() {
        synchronized (availability) {
            availability.notifyAll();
        }
    }

    /** Waits up to {@code timeout} for the routing to report Redis available; returns whether it did. */
    private boolean awaitAvailable(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (availability) {
            while (!routing.isAvailable()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(availability, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return routing.isAvailable();
                }
            }
            return true;
        }
    }

    /** Waits, bounded, for the scheduler's task in progress; says so when it does not end in time. */
    private void awaitStopped(ScheduledExecutorService executor) {
        try {
            if (!executor.awaitTermination(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                kind.log().log(System.Logger.Level.WARNING, kind.logName() + " " + instanceId + ": its heartbeat and"
                        + " retention task did not stop within " + config.timeout().toMillis() + " ms; closing on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
