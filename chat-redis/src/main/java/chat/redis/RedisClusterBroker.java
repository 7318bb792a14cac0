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
import chat.core.broker.SubscriberStatus;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link Broker} over Redis Cluster with sharded Pub/Sub: each room has a shard channel
 * ({@code <prefix>.room.{<roomId>}}, see {@link RoomKeys}) in the slot of its counter and history keys, so the script that
 * numbers, stores and publishes a TALK ({@code SPUBLISH}) runs on the one node that owns the room,
 * and no other node sees the room's traffic.
 *
 * <p>One subscriber connection per master node carries the rooms whose slot that node owns. The
 * broker keeps the slot map ({@code CLUSTER SHARDS}) fresh: every few seconds, when a subscriber
 * connection is lost, and when a node drops a room's subscription because its slot moved
 * ({@code SUNSUBSCRIBE} from the server). A room whose node changed is subscribed on the new one,
 * and the listener is told, so it reads what it missed from the history.
 *
 * <p>History is kept as by {@link RedisBroker}, within {@code HISTORY_MAX_ROOMS} for the whole
 * deployment ({@link HistoryRooms}: the index of rooms is one key, in a slot of its own; a dropped
 * room's keys are deleted on the room's node).
 *
 * <p>Availability is per shard: while a node is unreachable, traffic of its rooms is refused with
 * {@link BrokerUnavailableException} and other rooms are unaffected.
 *
 * <p>Commands run on a bounded pool of threads and cluster connections ({@code REDIS_PUBLISHERS});
 * history reads on another ({@code REDIS_READERS} threads and connections per node, at most
 * {@link RedisConfig#READ_QUEUE} waiting), so reads never wait for or delay a TALK. A full queue
 * fails the command with {@link BrokerUnavailableException} and is reported
 * ({@link Limit#BROKER_QUEUE}).
 */
public final class RedisClusterBroker implements Broker {
    private static final System.Logger LOG = System.getLogger(RedisClusterBroker.class.getName());
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);
    private static final int READ_ATTEMPTS = 10;
    private static final Duration READ_RETRY_PAUSE = Duration.ofMillis(100);

    private final RedisConfig config;
    private final String instanceId;
    private final RoomKeys keys;
    private final HistoryScripts scripts;
    private final HistoryRooms historyRooms;
    private final ChatCodec codec = new ChatCodec();
    private final List<HostAndPort> seeds;

    private final Object routeLock = new Object();
    private final Map<String, RedisSubscriber> shards = new ConcurrentHashMap<>(); // node -> its subscriber
    private final Map<String, String> roomNode = new ConcurrentHashMap<>(); // room -> node subscribed on
    private final Set<String> unplaced = ConcurrentHashMap.newKeySet(); // wanted rooms not subscribed anywhere yet
    private final Set<String> everReady = ConcurrentHashMap.newKeySet();
    private final Set<String> lostShards = ConcurrentHashMap.newKeySet();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile ClusterTopology topology;
    private volatile RedisClusterClient cluster;
    private volatile RedisClusterClient readCluster; // made together with cluster
    private volatile BrokerListener listener;
    private volatile RoomTraffic traffic;
    private volatile boolean closed;
    private RedisCommands commands;
    private RedisCommands reads;
    private ScheduledExecutorService scheduler; // heartbeats and retention refreshes
    private ScheduledExecutorService topologyThread; // slot map reads, which may block on a dead node
    private int subscriberCount;
    private final Runnable guardedTopologyRefresh;

    public RedisClusterBroker(RedisConfig config, String instanceId, HistoryPolicy history) {
        this.config = Objects.requireNonNull(config, "config");
        if (!config.isCluster()) {
            throw new IllegalArgumentException("not a cluster configuration: " + config.safeUrl());
        }
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.keys = new RoomKeys(config.prefix());
        this.scripts = new HistoryScripts(keys, codec, Objects.requireNonNull(history, "history"), true);
        // while a node is down, the index on it and rooms on it are skipped rather than waited for
        this.historyRooms = new HistoryRooms(keys, scripts, history, this::nodeUp,
                () -> listener.limitReached(Limit.HISTORY_ROOMS));
        this.seeds = config.clusterNodes().stream().map(HostAndPort::from).toList();
        this.guardedTopologyRefresh = Periodic.guarded(LOG, "redis cluster broker " + instanceId
                + ": reading the slot map", this::refreshTopology);
    }

    /** The shard channel of a room. */
    public String channel(String roomId) {
        return keys.shardChannel(roomId);
    }

    /**
     * Learns the cluster's slot map, starts a subscriber per master and waits up to the timeout
     * for them. When the cluster is not reachable by then, the broker keeps trying in the
     * background and this method returns anyway.
     */
    @Override
    public synchronized void start(BrokerListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (this.listener != null) {
            throw new IllegalStateException("broker already started");
        }
        this.listener = listener;
        this.traffic = new RoomTraffic(keys, codec, listener);
        Runnable queueFull = () -> listener.limitReached(Limit.BROKER_QUEUE);
        commands = new RedisCommands("commands", "chat-redis-cmd-", config.publishers(), config.publishQueue(),
                config.timeout(), () -> cluster, queueFull);
        reads = new RedisCommands("history reads", "chat-redis-read-", config.readers(), RedisConfig.READ_QUEUE,
                config.timeout(), () -> readCluster, queueFull);
        scheduler = Executors.newSingleThreadScheduledExecutor(RedisCommands.named("chat-redis-cluster-"));
        topologyThread = Executors.newSingleThreadScheduledExecutor(RedisCommands.named("chat-redis-topology-"));
        long ping = config.pingInterval().toMillis();
        String broker = "redis cluster broker " + instanceId;
        scheduler.scheduleWithFixedDelay(Periodic.guarded(LOG, broker + ": heartbeats", this::heartbeats),
                ping, ping, TimeUnit.MILLISECONDS);
        topologyThread.scheduleWithFixedDelay(guardedTopologyRefresh, 0, TOPOLOGY_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        long touchEvery = scripts.refreshIntervalMillis();
        scheduler.scheduleWithFixedDelay(Periodic.guarded(LOG, broker + ": renewing history retention",
                this::keepHistoriesAlive), touchEvery, touchEvery, TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (!isAvailable() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        if (!isAvailable()) {
            LOG.log(System.Logger.Level.WARNING, "redis cluster broker: {0} not fully reachable at start-up; rooms"
                    + " of unreachable shards are refused with UNAVAILABLE, retrying in the background", config.safeUrl());
        }
    }

    @Override
    public String kind() {
        return "redis-cluster";
    }

    @Override
    public CompletionStage<Void> subscribe(String roomId) {
        synchronized (routeLock) {
            RedisSubscriber subscriber = route(roomId);
            if (subscriber == null) {
                return CompletableFuture.failedFuture(new BrokerUnavailableException(
                        "no redis cluster node is known to serve room " + roomId));
            }
            return subscriber.subscribe(channel(roomId));
        }
    }

    @Override
    public CompletionStage<Void> unsubscribe(String roomId) {
        synchronized (routeLock) {
            unplaced.remove(roomId);
            String node = roomNode.remove(roomId);
            RedisSubscriber subscriber = node == null ? null : shards.get(node);
            if (subscriber != null) {
                subscriber.unsubscribe(channel(roomId));
            }
        }
        if (shardUp(roomId)) {
            // the retention time starts now, unless other instances keep it alive; not queued for a
            // node that is down, where it would hold a command thread that healthy shards' TALKs need
            submit(roomId, redis -> {
                historyRooms.refresh(redis, roomId);
                return null;
            }, false);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> publish(ChatMessage message) {
        String roomId = message.roomId();
        if (message.type() == MessageType.TALK) {
            return submit(roomId, redis -> {
                historyRooms.talkStored(redis, message.roomId(), scripts.appendAndPublish(redis, message));
                return null;
            }, true);
        }
        String json = codec.encode(message);
        return submit(roomId, redis -> {
            ((RedisClusterClient) redis).spublish(channel(roomId), json);
            return null;
        }, true);
    }

    @Override
    public CompletionStage<HistorySlice> historyAfter(String roomId, long afterSeq, HistoryBounds bounds) {
        return read(redis -> retried(() -> scripts.after(redis, roomId, afterSeq, bounds)));
    }

    @Override
    public CompletionStage<HistorySlice> historyBefore(String roomId, long beforeSeq, HistoryBounds bounds) {
        return read(redis -> retried(() -> scripts.before(redis, roomId, beforeSeq, bounds)));
    }

    /** Runs a history read on a reader thread and connection, whether or not the room's subscriber is up. */
    private <T> CompletionStage<T> read(Function<UnifiedJedis, T> command) {
        return reads.submit(command, () -> !closed && readCluster != null, "redis cluster is not connected");
    }

    /**
     * Runs a read, again after a short pause when it fails: reads change nothing, so unlike the
     * TALK script they may be repeated, and while a slot migrates a read gets ASK or TRYAGAIN
     * answers for a moment. A room that recovers from history right after its slot moved needs it.
     * Repeats stop once the command timeout has passed since the first try: a read of a dead node
     * must not hold one of the reader threads, which every room's reads share, for longer than any
     * other command may.
     */
    private <T> T retried(Supplier<T> read) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                if (attempt >= READ_ATTEMPTS || System.nanoTime() + READ_RETRY_PAUSE.toNanos() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(READ_RETRY_PAUSE.toNanos());
            }
        }
    }

    /**
     * Runs a command for a room on a command thread.
     *
     * @param needsShard fail at once while the subscriber of the room's node is down (room traffic)
     */
    private <T> CompletionStage<T> submit(String roomId, Function<UnifiedJedis, T> command, boolean needsShard) {
        return commands.submit(command, needsShard ? () -> shardUp(roomId) : () -> !closed && cluster != null,
                "the redis cluster node of room " + roomId + " is not connected");
    }

    private boolean shardUp(String roomId) {
        return nodeUp(RoomKeys.slotKey(roomId));
    }

    /** Whether the node serving {@code key}'s slot is connected: its subscriber connection is ready. */
    private boolean nodeUp(String key) {
        ClusterTopology t = topology;
        String node = t == null ? null : t.ownerOf(key);
        RedisSubscriber subscriber = node == null ? null : shards.get(node);
        return !closed && cluster != null && subscriber != null && subscriber.isReady();
    }

    /** True while every shard's subscriber is up. */
    @Override
    public boolean isAvailable() {
        return !closed && topology != null && !shards.isEmpty() && shards.values().stream().allMatch(RedisSubscriber::isReady);
    }

    @Override
    public long reconnects() {
        return reconnects.get();
    }

    @Override
    public List<SubscriberStatus> subscriberStatus() {
        List<SubscriberStatus> status = new ArrayList<>();
        shards.forEach((node, s) -> status.add(new SubscriberStatus(node, s.name(), s.isReady(),
                (int) s.wantedChannels().stream().filter(c -> keys.roomOf(c) != null).count())));
        return status;
    }

    /**
     * Closes in reverse order of start: scheduler, subscribers, reader and command threads, cluster
     * clients. Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (topologyThread != null) {
            topologyThread.shutdownNow();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        shards.values().forEach(RedisSubscriber::close);
        if (reads != null) {
            reads.close();
        }
        if (commands != null) {
            commands.close();
        }
        RedisClusterClient r = readCluster;
        if (r != null) {
            r.close();
        }
        RedisClusterClient c = cluster;
        if (c != null) {
            c.close();
        }
    }

    /** Under the route lock: the subscriber of the room's node (made on first use); records the route. */
    private RedisSubscriber route(String roomId) {
        ClusterTopology t = topology;
        String node = t == null ? null : t.nodeFor(roomId);
        if (node == null) {
            return null;
        }
        RedisSubscriber subscriber = shards.computeIfAbsent(node, n -> newSubscriber(n, t));
        roomNode.put(roomId, node);
        return subscriber;
    }

    private RedisSubscriber newSubscriber(String node, ClusterTopology t) {
        RedisSubscriber subscriber = new RedisSubscriber("chat-redis-ssub-" + (subscriberCount++) + "-" + node,
                HostAndPort.from(node), JedisSettings.clientConfig(config, instanceId, "ssub-" + node),
                t.controlChannelFor(node, keys, instanceId), config.timeout(), config.pingInterval().multipliedBy(2),
                config.reconnectMax(), PubSub.SHARDED, new ShardEvents(node));
        if (!closed) {
            subscriber.start();
        }
        return subscriber;
    }

    /**
     * Reads the slot map and moves every room whose node changed (or whose subscriber's control
     * channel moved) to the node that serves it now. Runs on the scheduler thread.
     */
    private synchronized void refreshTopology() {
        if (closed) {
            return;
        }
        ClusterTopology fresh;
        try {
            Set<HostAndPort> candidates = new LinkedHashSet<>(seeds);
            ClusterTopology known = topology;
            if (known != null) {
                known.masters().forEach(node -> candidates.add(HostAndPort.from(node)));
            }
            fresh = ClusterTopology.fetch(candidates, JedisSettings.clientConfig(config, instanceId, "topology"),
                    config.tls());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "redis cluster broker: topology not readable: {0}", e.getMessage());
            return;
        }
        if (cluster == null) {
            RedisClusterClient client = null;
            RedisClusterClient readClient = null;
            try {
                client = clusterClient("cmd", config.publishers());
                readClient = clusterClient("read", config.readers());
            } catch (RuntimeException e) {
                closeQuietly(client);
                LOG.log(System.Logger.Level.DEBUG, "redis cluster broker: command client not ready: {0}", e.getMessage());
                return;
            }
            synchronized (this) {
                if (closed) {
                    client.close();
                    readClient.close();
                    return;
                }
                readCluster = readClient;
                cluster = client;
            }
        }
        List<String> moved = new ArrayList<>();
        List<RedisSubscriber> retired = new ArrayList<>();
        synchronized (routeLock) {
            ClusterTopology previous = topology;
            topology = fresh;
            if (previous != null && !previous.equals(fresh)) {
                LOG.log(System.Logger.Level.INFO, "redis cluster broker: slot map changed, masters {0}", fresh.masters());
            }
            // a subscriber whose node no longer serves its control channel's slot cannot prove it is alive
            shards.forEach((node, subscriber) -> {
                if (!node.equals(fresh.ownerOf(subscriber.controlChannel()))) {
                    shards.remove(node);
                    retired.add(subscriber);
                }
            });
            roomNode.forEach((roomId, node) -> {
                String owner = fresh.nodeFor(roomId);
                boolean stale = !Objects.equals(owner, node) || !shards.containsKey(node);
                if (stale) {
                    RedisSubscriber old = shards.get(node);
                    if (old != null) {
                        old.unsubscribe(channel(roomId));
                    }
                    moved.add(roomId);
                }
            });
            for (String roomId : moved) {
                roomNode.remove(roomId);
                unplaced.add(roomId);
            }
            for (String roomId : List.copyOf(unplaced)) {
                resubscribe(roomId);
            }
            fresh.masters().forEach(node -> shards.computeIfAbsent(node, n -> newSubscriber(n, fresh)));
        }
        retired.forEach(RedisSubscriber::close);
        if (cluster != null && !moved.isEmpty()) {
            cluster.refreshClusterTopology();
            readCluster.refreshClusterTopology();
        }
    }

    /** A cluster client with {@code poolSize} connections per node. */
    private RedisClusterClient clusterClient(String role, int poolSize) {
        return RedisClusterClient.builder()
                .nodes(Set.copyOf(seeds))
                .clientConfig(JedisSettings.clientConfig(config, instanceId, role))
                .poolConfig(JedisSettings.pool(config, poolSize))
                // one attempt: a retry after a broken connection could run the TALK script twice
                // (two seqs for one message); a failed command is answered UNAVAILABLE instead, and
                // a MOVED answer still refreshes the client's slot map for the next command
                // (reads repeat on their own, see retried)
                .maxAttempts(1)
                .maxTotalRetriesDuration(config.timeout())
                .build();
    }

    private static void closeQuietly(RedisClusterClient client) {
        if (client != null) {
            try {
                client.close();
            } catch (RuntimeException alreadyBroken) {
                // it never served anything
            }
        }
    }

    /**
     * Under the route lock: subscribes an unplaced room where it is served now and, once confirmed,
     * tells the listener. Until then it stays unplaced, and every refresh tries again.
     */
    private void resubscribe(String roomId) {
        RedisSubscriber subscriber = route(roomId);
        if (subscriber == null) {
            return; // no node serves it yet
        }
        subscriber.subscribe(channel(roomId)).whenComplete((ok, failure) -> {
            if (failure == null) {
                unplaced.remove(roomId);
                traffic.resubscribedRoom(roomId);
            } else if (failure instanceof BrokerUnavailableException) {
                // not connected right now: the subscriber keeps it wanted, subscribes it when it reconnects
                // and reports it then; a confirmation that timed out stays unplaced and is asked again
                unplaced.remove(roomId);
            }
        });
    }

    private void heartbeats() {
        for (RedisSubscriber subscriber : shards.values()) {
            try {
                subscriber.heartbeat();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "redis cluster broker: heartbeat of " + subscriber.name() + " failed", e);
            }
        }
    }

    /**
     * Refreshes the retention time of every room with local members, so none expires while in use:
     * one command task for all of them (not one each, which could fill the command queue).
     */
    private void keepHistoriesAlive() {
        List<String> rooms = List.copyOf(roomNode.keySet());
        if (rooms.isEmpty()) {
            return;
        }
        commands.submit(redis -> historyRooms.refreshAll(redis, rooms), () -> !closed && cluster != null,
                "redis cluster is not connected").whenComplete((failed, error) -> {
            if (error != null || failed > 0) {
                LOG.log(System.Logger.Level.WARNING, "redis cluster broker: refreshing the history retention of {0}"
                        + " of {1} rooms failed; retried in a third of the retention time",
                        error != null ? rooms.size() : failed, rooms.size());
            }
        });
    }

    private final class ShardEvents implements RedisSubscriber.Events {
        private final String node;

        ShardEvents(String node) {
            this.node = node;
        }

        @Override
        public void onMessage(String channel, String text) {
            traffic.message(channel, text);
        }

        @Override
        public void onResubscribed(String channel) {
            traffic.resubscribed(channel);
        }

        @Override
        public void onMovedAway(RedisSubscriber subscriber, String channel) {
            String roomId = keys.roomOf(channel);
            if (roomId != null && !closed) {
                synchronized (routeLock) {
                    if (node.equals(roomNode.get(roomId))) {
                        roomNode.remove(roomId);
                        unplaced.add(roomId);
                    }
                }
                LOG.log(System.Logger.Level.INFO, "redis cluster broker: room {0} left node {1} (slot moved);"
                        + " subscribing it where it is now", roomId, node);
                topologyThread.execute(guardedTopologyRefresh);
            }
        }

        @Override
        public void onReady(RedisSubscriber subscriber) {
            if (!everReady.add(node)) {
                if (lostShards.remove(node)) {
                    reconnects.incrementAndGet();
                    LOG.log(System.Logger.Level.INFO, "redis cluster broker: shard {0} reconnected", node);
                }
            } else {
                LOG.log(System.Logger.Level.INFO, "redis cluster broker: shard {0} connected (names prefixed {1})",
                        node, keys.prefix());
            }
        }

        @Override
        public void onLost(RedisSubscriber subscriber, String reason) {
            if (closed) {
                return;
            }
            lostShards.add(node);
            LOG.log(System.Logger.Level.WARNING, "redis cluster broker: lost shard {0}: {1}; its rooms are refused"
                    + " with UNAVAILABLE until it is back, other shards go on", node, reason);
            topologyThread.execute(guardedTopologyRefresh);
        }
    }
}
