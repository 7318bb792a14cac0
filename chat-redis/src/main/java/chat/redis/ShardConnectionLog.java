package chat.redis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The story of each cluster shard's subscriber connection, told once per change: connected the
 * first time, lost (its rooms are refused, the others go on), reconnected. Counts the reconnects
 * ({@code chat_broker_reconnects_total}). Thread-safe and lock-free: each shard's connection
 * reports from its own thread.
 */
final class ShardConnectionLog {
    private static final System.Logger LOG = System.getLogger(RedisClusterBroker.class.getName());

    private final String prefix;
    private final Set<String> everReady = ConcurrentHashMap.newKeySet();
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    private final AtomicLong reconnects = new AtomicLong();

    /** @param prefix the deployment's Redis prefix, named in the first line of each shard */
    ShardConnectionLog(String prefix) {
        this.prefix = prefix;
    }

    /** The connection to {@code node} is up with all its rooms subscribed. */
    void ready(String node) {
        if (everReady.add(node)) {
            LOG.log(System.Logger.Level.INFO, "redis cluster broker: shard {0} connected (names prefixed {1})",
                    node, prefix);
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
}
