package chat.redis;

import chat.core.broker.BrokerUnavailableException;
import redis.clients.jedis.HostAndPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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

/**
 * Subscriber routing in a Redis Cluster: one sharded Pub/Sub connection per master
 * ({@link ShardConnections}), each carrying the rooms whose slot that master owns, on their shard
 * channels ({@code <prefix>.room.{<roomId>}}).
 *
 * <p>It keeps the slot map ({@code CLUSTER SHARDS}, see {@link ClusterTopology}) fresh on a thread
 * of its own ({@code chat-redis-topology-}, since a read may block on a dead node): at start,
 * every 5 seconds, when a shard's connection is lost, and when a node drops a room's
 * subscription because its slot moved ({@code SUNSUBSCRIBE} from the server). A room whose node
 * changed is subscribed on the new one and reported as re-subscribed, so the listener reads what
 * it missed from the history. The first slot map read also connects the {@link ClusterClients}.
 *
 * <p>Availability is per shard: a room's traffic can go while its node's connection is up, and
 * other rooms are unaffected by a node that is down.
 *
 * <p>Thread-safety: routes change under one lock; slot map reads and {@link #close} are serialised
 * on this object, so close waits for a read in progress.
 */
final class SlotMapSubscribers implements SubscriberRouting {
    private static final System.Logger LOG = System.getLogger(RedisClusterBroker.class.getName());
    private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(5);

    private final RedisConfig config;
    private final String instanceId;
    private final RoomKeys keys;
    private final ClusterClients clients;
    private final List<HostAndPort> seeds;
    private final ShardConnections shards;
    private final Runnable guardedRefresh;

    private final Object routeLock = new Object();
    private final Map<String, String> roomNode = new ConcurrentHashMap<>(); // room -> node subscribed on
    private final Set<String> unplaced = ConcurrentHashMap.newKeySet(); // wanted rooms not subscribed anywhere yet
    private volatile ClusterTopology topology;
    private volatile boolean closed;
    private volatile RoomTraffic traffic;
    private volatile Runnable availabilityChanged = () -> { };
    private ScheduledExecutorService topologyThread;

    /** @param clients connected here, at the first slot map read, and told when rooms moved */
    SlotMapSubscribers(RedisConfig config, String instanceId, ClusterClients clients) {
        this.config = Objects.requireNonNull(config, "config");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.keys = new RoomKeys(config.prefix());
        this.clients = Objects.requireNonNull(clients, "clients");
        this.seeds = config.clusterNodes().stream().map(HostAndPort::from).toList();
        this.shards = new ShardConnections(config, instanceId, keys, ShardEvents::new);
        this.guardedRefresh = Periodic.guarded(LOG, "redis cluster broker " + instanceId + ": reading the slot map",
                this::refresh);
    }

    @Override
    public synchronized void start(RoomTraffic traffic, Runnable availabilityChanged) {
        this.traffic = traffic;
        this.availabilityChanged = availabilityChanged;
        topologyThread = Executors.newSingleThreadScheduledExecutor(RedisCommands.named("chat-redis-topology-"));
        topologyThread.scheduleWithFixedDelay(guardedRefresh, 0, TOPOLOGY_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletionStage<Void> subscribe(String roomId) {
        synchronized (routeLock) {
            RedisSubscriber subscriber = route(roomId);
            if (subscriber == null) {
                return CompletableFuture.failedFuture(new BrokerUnavailableException(
                        "no redis cluster node is known to serve room " + roomId));
            }
            return subscriber.subscribe(keys.shardChannel(roomId));
        }
    }

    @Override
    public void unsubscribe(String roomId) {
        synchronized (routeLock) {
            unplaced.remove(roomId);
            String node = roomNode.remove(roomId);
            RedisSubscriber subscriber = node == null ? null : shards.of(node);
            if (subscriber != null) {
                subscriber.unsubscribe(keys.shardChannel(roomId));
            }
        }
    }

    /** The rooms routed to a node now (a room waiting for its node to be known is renewed once it is). */
    @Override
    public List<String> rooms() {
        return List.copyOf(roomNode.keySet());
    }

    @Override
    public Collection<RedisSubscriber> subscribers() {
        return shards.all();
    }

    @Override
    public boolean roomUp(String roomId) {
        return keyReachable(RoomKeys.slotKey(roomId));
    }

    /** Whether the node serving {@code key}'s slot is connected: its subscriber connection is ready. */
    @Override
    public boolean keyReachable(String key) {
        ClusterTopology t = topology;
        return !closed && clients.connected() && t != null && shards.up(t.ownerOf(key));
    }

    /**
     * True while every master of the slot map has its connection up. Counted over the masters, not
     * over the connections made so far: a slot map read makes them one after the other, and the
     * first may be up before the last exists.
     */
    @Override
    public boolean isAvailable() {
        ClusterTopology t = topology;
        return !closed && t != null && !t.masters().isEmpty() && t.masters().stream().allMatch(shards::up);
    }

    @Override
    public long reconnects() {
        return shards.reconnects();
    }

    /** Stops reading the slot map (after a read in progress) and closes every shard's connection. */
    @Override
    public synchronized void close() {
        closed = true;
        if (topologyThread != null) {
            topologyThread.shutdownNow();
        }
        synchronized (routeLock) { // a subscribe racing with close makes no connection that outlives it
            shards.close();
        }
    }

    /** Under the route lock: the connection of the room's node (made on first use); records the route. */
    private RedisSubscriber route(String roomId) {
        ClusterTopology t = topology;
        String node = t == null ? null : t.nodeFor(roomId);
        if (node == null) {
            return null;
        }
        RedisSubscriber subscriber = shards.open(node, t);
        roomNode.put(roomId, node);
        return subscriber;
    }

    /**
     * Reads the slot map and moves every room whose node changed (or whose subscriber's control
     * channel moved) to the node that serves it now. Runs on the topology thread.
     */
    private synchronized void refresh() {
        if (closed) {
            return;
        }
        ClusterTopology fresh;
        try {
            fresh = ClusterTopology.fetch(seeds, topology, JedisSettings.clientConfig(config, instanceId, "topology"),
                    config.tls());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "redis cluster broker: topology not readable: {0}", e.getMessage());
            return;
        }
        if (!clients.connect()) {
            return;
        }
        List<String> moved = new ArrayList<>();
        List<RedisSubscriber> retired;
        synchronized (routeLock) {
            ClusterTopology previous = topology;
            topology = fresh;
            if (previous != null && !previous.equals(fresh)) {
                LOG.log(System.Logger.Level.INFO, "redis cluster broker: slot map changed, masters {0}", fresh.masters());
            }
            retired = shards.retireMoved(fresh);
            roomNode.forEach((roomId, node) -> {
                RedisSubscriber old = shards.of(node);
                if (!Objects.equals(fresh.nodeFor(roomId), node) || old == null) {
                    if (old != null) {
                        old.unsubscribe(keys.shardChannel(roomId));
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
            fresh.masters().forEach(node -> shards.open(node, fresh));
        }
        retired.forEach(RedisSubscriber::close);
        if (!moved.isEmpty()) {
            clients.slotsMoved();
        }
        availabilityChanged.run();
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
        subscriber.subscribe(keys.shardChannel(roomId)).whenComplete((ok, failure) -> {
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

    /** What one shard's connection reports, on its thread. */
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
                topologyThread.execute(guardedRefresh);
            }
        }

        @Override
        public void onReady(RedisSubscriber subscriber) {
            shards.ready(node);
            availabilityChanged.run();
        }

        @Override
        public void onLost(RedisSubscriber subscriber, String reason) {
            if (closed) {
                return;
            }
            shards.lost(node, reason);
            topologyThread.execute(guardedRefresh);
        }
    }
}
