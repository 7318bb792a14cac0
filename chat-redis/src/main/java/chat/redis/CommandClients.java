package chat.redis;

import redis.clients.jedis.UnifiedJedis;

import java.util.function.Supplier;

/**
 * The pooled connections a Redis broker's commands run on: one client for room traffic and
 * housekeeping ({@code REDIS_PUBLISHERS} connections, per node in a cluster), one for history
 * reads ({@code REDIS_READERS}), so reads never wait for or delay a TALK. {@link StandaloneClients}
 * for one Redis, {@link ClusterClients} for a Redis Cluster.
 *
 * <p>Lifecycle: {@link #start} once, {@link #close} idempotent. Thread-safe: the command threads
 * read the clients while the broker's other threads connect or close them.
 */
interface CommandClients extends AutoCloseable {

    /** Makes the clients that can be made before Redis is reachable. */
    void start();

    /** The client for room traffic and housekeeping, or null while there is none yet. */
    UnifiedJedis commands();

    /** The client for history reads, or null while there is none yet. */
    UnifiedJedis reads();

    /**
     * Runs one history read as this deployment needs: once on one Redis; in a cluster, again
     * after a short pause while the room's slot migrates.
     */
    <T> T read(Supplier<T> read);

    @Override
    void close();
}
