package chat.redis;

import chat.core.broker.Broker;
import chat.core.broker.BrokerListener;
import chat.core.broker.BrokerUnavailableException;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.history.HistoryBounds;
import chat.core.history.HistoryPolicy;
import chat.core.history.HistorySlice;
import chat.core.events.Limit;
import chat.core.protocol.MessageType;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A {@link Broker} over Redis Pub/Sub, one channel per room ({@code <prefix>.room.<roomId>}), with
 * each room's history in a capped stream ({@code <prefix>:{<roomId>}:history}) numbered by a counter
 * ({@code <prefix>:{<roomId>}:seq}); a Lua script numbers, stores and publishes a TALK in one step.
 * The prefix ({@link RedisConfig#prefix()}, see {@link RoomKeys}) keeps deployments that share a
 * Redis apart: Pub/Sub channels are server-wide, whatever the database.
 *
 * <p>Rooms are spread by hash over a few subscriber connections, each with its own thread, so one
 * room's messages are always read, in Redis' order, by one thread. Publishing goes through a
 * bounded pool of connections and threads with timeouts ({@code REDIS_PUBLISHERS}); history reads
 * through another ({@code REDIS_READERS}, at most {@link RedisConfig#READ_QUEUE} waiting), so
 * however many reads clients ask for, they never wait for or delay a TALK. A full queue fails the
 * command with {@link BrokerUnavailableException} and is reported ({@link Limit#BROKER_QUEUE}). While a subscriber connection is down
 * the broker is unavailable: publish and subscribe fail at once with
 * {@link BrokerUnavailableException}, and the subscribers reconnect with capped, jittered backoff,
 * then subscribe again to every room that still has local members.
 *
 * <p>History: keys expire after the retention time; every instance refreshes that of the rooms it
 * has members in (at every TALK, periodically, and when its last local member leaves), so a room's
 * history lives while it has members anywhere and for the retention time after that, as long as
 * the deployment holds at most {@code HISTORY_MAX_ROOMS} of them: past that the least recently
 * refreshed rooms' histories are dropped ({@link HistoryRooms}). After a
 * subscriber connection came back, the listener is told of each room subscribed again and reads
 * what it missed from the history.
 *
 * <p>Logs one line per change of state (connected, lost), never one per retry.
 */
public final class RedisBroker implements Broker {
    private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());

    private final RedisConfig config;
    private final String instanceId;
    private final ChatCodec codec = new ChatCodec();
    private final RoomKeys keys;
    private final HistoryScripts scripts;
    private final HistoryRooms historyRooms;
    private final List<RedisSubscriber> subscribers = new ArrayList<>();
    private volatile BrokerListener listener;
    private volatile RoomTraffic traffic;
    private RedisClient publisher;
    private RedisCommands commands;
    private RedisClient reader;
    private RedisCommands reads;
    private ScheduledExecutorService pinger;
    private final Object stateLock = new Object(); // not the broker's monitor: start and close wait on subscribers
    private volatile boolean available;
    private boolean everAvailable; // guarded by stateLock
    private final java.util.concurrent.atomic.AtomicLong reconnects = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    public RedisBroker(RedisConfig config, String instanceId) {
        this(config, instanceId, HistoryPolicy.DEFAULT);
    }

    public RedisBroker(RedisConfig config, String instanceId, HistoryPolicy history) {
        this.config = Objects.requireNonNull(config, "config");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.keys = new RoomKeys(config.prefix());
        this.scripts = new HistoryScripts(keys, codec, Objects.requireNonNull(history, "history"), false);
        this.historyRooms = new HistoryRooms(keys, scripts, history, key -> true,
                () -> listener.limitReached(Limit.HISTORY_ROOMS));
    }

    /** The Pub/Sub channel of a room. */
    public String channel(String roomId) {
        return keys.channel(roomId);
    }

    /**
     * Starts the subscriber and publisher threads and waits up to the configured timeout for
     * Redis. When Redis is not reachable by then, the broker keeps trying in the background and
     * this method returns anyway: the server serves WebSocket clients without Redis meanwhile.
     */
    @Override
    public synchronized void start(BrokerListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (this.listener != null) {
            throw new IllegalStateException("broker already started");
        }
        this.listener = listener;
        this.traffic = new RoomTraffic(keys, codec, listener);
        HostAndPort address = new HostAndPort(config.host(), config.port());
        Runnable queueFull = () -> listener.limitReached(Limit.BROKER_QUEUE);
        publisher = RedisClient.builder()
                .hostAndPort(address)
                .clientConfig(clientConfig("pub"))
                .poolConfig(JedisSettings.pool(config, config.publishers()))
                .build();
        commands = new RedisCommands("commands", "chat-redis-pub-", config.publishers(), config.publishQueue(),
                config.timeout(), () -> publisher, queueFull);
        reader = RedisClient.builder()
                .hostAndPort(address)
                .clientConfig(clientConfig("read"))
                .poolConfig(JedisSettings.pool(config, config.readers()))
                .build();
        reads = new RedisCommands("history reads", "chat-redis-read-", config.readers(), RedisConfig.READ_QUEUE,
                config.timeout(), () -> reader, queueFull);
        Duration deadAfter = config.pingInterval().multipliedBy(2); // silent for two heartbeats: dead
        for (int i = 0; i < config.subscribers(); i++) {
            subscribers.add(new RedisSubscriber("chat-redis-sub-" + i, address, clientConfig("sub-" + i),
                    keys.controlChannel(instanceId, i), config.timeout(), deadAfter, config.reconnectMax(),
                    PubSub.CLASSIC, new SubscriberEvents()));
        }
        subscribers.forEach(RedisSubscriber::start);
        pinger = Executors.newSingleThreadScheduledExecutor(RedisCommands.named("chat-redis-ping-"));
        long interval = config.pingInterval().toMillis();
        String broker = "redis broker " + instanceId;
        pinger.scheduleWithFixedDelay(Periodic.guarded(LOG, broker + ": heartbeats", this::heartbeats),
                interval, interval, TimeUnit.MILLISECONDS);
        long touchEvery = scripts.refreshIntervalMillis();
        pinger.scheduleWithFixedDelay(Periodic.guarded(LOG, broker + ": renewing history retention",
                this::keepHistoriesAlive), touchEvery, touchEvery, TimeUnit.MILLISECONDS);
        awaitFirstConnection();
    }

    @Override
    public String kind() {
        return "redis";
    }

    @Override
    public CompletionStage<Void> subscribe(String roomId) {
        return subscriberFor(roomId).subscribe(channel(roomId));
    }

    @Override
    public CompletionStage<Void> unsubscribe(String roomId) {
        subscriberFor(roomId).unsubscribe(channel(roomId));
        if (available) {
            // the retention time of the room's history starts now, unless other instances keep it alive
            submit(redis -> {
                historyRooms.refresh(redis, roomId);
                return null;
            }, false);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> publish(ChatMessage message) {
        if (message.type() == MessageType.TALK) {
            return submit(redis -> {
                historyRooms.talkStored(redis, message.roomId(), scripts.appendAndPublish(redis, message));
                return null;
            }, true);
        }
        String json = codec.encode(message);
        return submit(redis -> {
            redis.publish(channel(message.roomId()), json);
            return null;
        }, true);
    }

    @Override
    public CompletionStage<HistorySlice> historyAfter(String roomId, long afterSeq, HistoryBounds bounds) {
        return read(redis -> scripts.after(redis, roomId, afterSeq, bounds));
    }

    @Override
    public CompletionStage<HistorySlice> historyBefore(String roomId, long beforeSeq, HistoryBounds bounds) {
        return read(redis -> scripts.before(redis, roomId, beforeSeq, bounds));
    }

    /**
     * Runs a history read on a reader thread and connection. Reads do not wait for every subscriber
     * to be ready: an instance recovers rooms by reading right after their resubscription.
     */
    private <T> CompletionStage<T> read(Function<UnifiedJedis, T> command) {
        return reads.submit(command, () -> !closed, "redis broker is closed");
    }

    /**
     * Runs a command on a publishing thread and connection.
     *
     * @param needsAvailable fail at once while a subscriber connection is down (room traffic), rather
     *                       than try
     */
    private <T> CompletionStage<T> submit(Function<UnifiedJedis, T> command, boolean needsAvailable) {
        return commands.submit(command, needsAvailable ? () -> available : () -> !closed, "redis is not connected");
    }

    /** Refreshes the retention time of every room with local members, so none expires while in use. */
    private void keepHistoriesAlive() {
        List<String> rooms = new ArrayList<>();
        subscribers.forEach(subscriber -> subscriber.wantedChannels().forEach(channel -> {
            String roomId = keys.roomOf(channel);
            if (roomId != null) {
                rooms.add(roomId);
            }
        }));
        if (rooms.isEmpty()) {
            return;
        }
        submit(redis -> historyRooms.refreshAll(redis, rooms), false).whenComplete((failed, error) -> {
            if (error != null || failed > 0) {
                LOG.log(System.Logger.Level.WARNING, "redis broker: refreshing the history retention of {0} of {1}"
                        + " rooms failed; retried in a third of the retention time", error != null ? rooms.size() : failed,
                        rooms.size());
            }
        });
    }

    /** True while every subscriber connection is up. */
    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public List<chat.core.broker.SubscriberStatus> subscriberStatus() {
        String shard = config.host() + ":" + config.port();
        return subscribers.stream().map(s -> new chat.core.broker.SubscriberStatus(shard, s.name(), s.isReady(),
                s.wantedChannels().size())).toList();
    }

    @Override
    public long reconnects() {
        return reconnects.get();
    }

    /**
     * Closes in reverse order of start: pinger, subscribers, reader threads and pool, publishing
     * threads (publishes not yet run fail with UNAVAILABLE) and pool. Idempotent, also after a
     * failed start.
     */
    @Override
    public synchronized void close() {
        synchronized (stateLock) {
            closed = true;
            available = false;
        }
        if (pinger != null) {
            pinger.shutdownNow();
        }
        subscribers.forEach(RedisSubscriber::close);
        if (reads != null) {
            reads.close();
        }
        if (reader != null) {
            reader.close();
        }
        if (commands != null) {
            commands.close(); // queued commands not run in time fail with UNAVAILABLE
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    private void heartbeats() {
        for (RedisSubscriber subscriber : subscribers) {
            try {
                subscriber.heartbeat();
            } catch (RuntimeException e) {
                // must not end the schedule: the next heartbeat checks again
                LOG.log(System.Logger.Level.DEBUG, "redis broker: heartbeat of " + subscriber.name() + " failed", e);
            }
        }
    }

    private RedisSubscriber subscriberFor(String roomId) {
        return subscribers.get(Math.floorMod(roomId.hashCode(), subscribers.size()));
    }

    private void awaitFirstConnection() {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (!available && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        if (!available) {
            LOG.log(System.Logger.Level.WARNING, "redis broker: {0} unreachable at start-up; serving WebSocket clients"
                    + " without it (room traffic is refused with UNAVAILABLE) and retrying every <= {1} ms",
                    config.safeUrl(), String.valueOf(config.reconnectMax().toMillis()));
        }
    }

    private void stateChanged(String reason) {
        synchronized (stateLock) {
            boolean nowAvailable = !closed && subscribers.stream().allMatch(RedisSubscriber::isReady);
            if (nowAvailable == available || closed) {
                return;
            }
            available = nowAvailable;
            if (nowAvailable) {
                LOG.log(System.Logger.Level.INFO, "redis broker: {0} {1} ({2} subscriber connections, names"
                        + " prefixed {3})", everAvailable ? "reconnected to" : "connected to", config.safeUrl(),
                        String.valueOf(subscribers.size()), keys.prefix());
                if (everAvailable) {
                    reconnects.incrementAndGet();
                }
                everAvailable = true;
            } else {
                publisher.getPool().clear(); // idle command connections died with Redis
                reader.getPool().clear();
                LOG.log(System.Logger.Level.WARNING, "redis broker: lost {0}: {1}; room traffic is refused with"
                        + " UNAVAILABLE until it is back; reconnecting every <= {2} ms",
                        config.safeUrl(), reason, String.valueOf(config.reconnectMax().toMillis()));
            }
        }
    }

    private JedisClientConfig clientConfig(String role) {
        return JedisSettings.clientConfig(config, instanceId, role);
    }


    private final class SubscriberEvents implements RedisSubscriber.Events {
        @Override
        public void onMessage(String channel, String text) {
            traffic.message(channel, text);
        }

        @Override
        public void onResubscribed(String channel) {
            traffic.resubscribed(channel);
        }

        @Override
        public void onReady(RedisSubscriber subscriber) {
            stateChanged("");
        }

        @Override
        public void onLost(RedisSubscriber subscriber, String reason) {
            stateChanged(subscriber.name() + ": " + reason);
        }
    }
}
