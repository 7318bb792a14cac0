package chat.redis;

import redis.clients.jedis.HostAndPort;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A Redis Cluster broker's subscriber connections, one per master node (threads
 * {@code chat-redis-ssub-<n>-<node>}, sharded Pub/Sub), each made and started on first use; and the
 * story of each, told once per change: connected the first time, lost (its rooms are refused, the
 * others go on), reconnected. Counts the reconnects ({@code chat_broker_reconnects_total}).
 *
 * <p>Thread-safety: connections are made and retired by {@link SlotMapSubscribers} under its route
 * lock; lookups, the story and the count are lock-free (each connection reports from its thread).
 */
final class ShardConnections {
    private static final System.Logger LOG = System.getLogger(RedisClusterBroker.class.getName());

    private final RedisConfig config;
    private final String instanceId;
    private final RoomKeys keys;
    private final Function<String, RedisSubscriber.Events> eventsOf;
    private final Map<String, RedisSubscriber> byNode = new ConcurrentHashMap<>();
    private final Set<String> everReady = ConcurrentHashMap.newKeySet();
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    private final AtomicLong reconnects = new AtomicLong();
    private int made; // guarded by the caller's route lock
    private volatile boolean closed;

    /** @param eventsOf what the connection to a node reports to */
    ShardConnections(RedisConfig config, String instanceId, RoomKeys keys,
                     Function<String, RedisSubscriber.Events> eventsOf) {
        this.config = Objects.requireNonNull(config, "config");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.keys = keys;
        this.eventsOf = eventsOf;
    }

    /** The connection to {@code node}, or null when there is none. */
    RedisSubscriber of(String node) {
        return byNode.get(node);
    }

    /** Whether the connection to {@code node} is up with all its rooms subscribed. */
    boolean up(String node) {
        RedisSubscriber subscriber = node == null ? null : byNode.get(node);
        return subscriber != null && subscriber.isReady();
    }

    Collection<RedisSubscriber> all() {
        return byNode.values();
    }

    /**
     * Under the route lock: the connection to {@code node}, made and started on first use (not
     * started once closed). Its control channel is in a slot {@code node} serves in {@code map}.
     */
    RedisSubscriber open(String node, ClusterTopology map) {
        return byNode.computeIfAbsent(node, n -> {
            RedisSubscriber subscriber = new RedisSubscriber("chat-redis-ssub-" + (made++) + "-" + n,
                    HostAndPort.from(n), JedisSettings.clientConfig(config, instanceId, "ssub-" + n),
                    map.controlChannelFor(n, keys, instanceId), config.timeout(), config.pingInterval().multipliedBy(2),
                    config.reconnectMax(), PubSub.SHARDED, eventsOf.apply(n));
            if (!closed) {
                subscriber.start();
            }
            return subscriber;
        });
    }

    /**
     * Under the route lock: forgets, and hands back for closing, every connection whose node no
     * longer serves its control channel's slot in {@code fresh}: it could not prove it is alive.
     */
    List<RedisSubscriber> retireMoved(ClusterTopology fresh) {
        List<RedisSubscriber> retired = new ArrayList<>();
        byNode.forEach((node, subscriber) -> {
            if (!node.equals(fresh.ownerOf(subscriber.controlChannel()))) {
                byNode.remove(node);
                retired.add(subscriber);
            }
        });
        return retired;
    }

    /** The connection to {@code node} is up with all its rooms subscribed. */
    void ready(String node) {
        if (everReady.add(node)) {
            LOG.log(System.Logger.Level.INFO, "redis cluster broker: shard {0} connected (names prefixed {1})",
                    node, keys.prefix());
        } else if (lost.remove(node)) {
            reconnects.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "redis cluster broker: shard {0} reconnected", node);
        }
    }

    /** The connection to {@code node} was lost for {@code reason}. */
    void lost(String node, String reason) {
        lost.add(node);
        LOG.log(System.Logger.Level.WARNING, "redis cluster broker: lost shard {0}: {1}; its rooms are refused"
                + " with UNAVAILABLE until it is back, other shards go on", node, reason);
    }

    long reconnects() {
        return reconnects.get();
    }

    /** Closes every connection; none made later starts. */
    void close() {
        closed = true;
        byNode.values().forEach(RedisSubscriber::close);
    }
}
