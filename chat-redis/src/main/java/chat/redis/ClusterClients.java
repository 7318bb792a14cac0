package chat.redis;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The command clients of a Redis Cluster: one with {@code REDIS_PUBLISHERS} connections per node
 * (client name {@code ...-cmd}), one with {@code REDIS_READERS} per node ({@code ...-read}). A
 * cluster client learns the slot map when it is made, so these are made by {@link #connect} once
 * the broker has read the slot map itself ({@link SlotMapSubscribers}), not at start: until then
 * there are none, and commands fail as not connected.
 *
 * <p>Commands are tried once: a retry after a broken connection could run the TALK script twice
 * (two seqs for one message), so a failed command is answered UNAVAILABLE instead, and a MOVED
 * answer still refreshes the client's slot map for the next command. Reads change nothing and are
 * repeated for a moment ({@link #read}).
 *
 * <p>Thread-safe: the slot-map thread connects, the command threads read, the broker closes.
 */
final class ClusterClients implements CommandClients {
    private static final System.Logger LOG = System.getLogger(RedisClusterBroker.class.getName());
    private static final int READ_ATTEMPTS = 10;
    private static final Duration READ_RETRY_PAUSE = Duration.ofMillis(100);

    private final RedisConfig config;
    private final String instanceId;
    private final Set<HostAndPort> seeds;
    private volatile RedisClusterClient commands;
    private volatile RedisClusterClient reads; // made together with commands
    private boolean closed; // guarded by this

    ClusterClients(RedisConfig config, String instanceId) {
        this.config = Objects.requireNonNull(config, "config");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.seeds = Set.copyOf(config.clusterNodes().stream().map(HostAndPort::from).toList());
    }

    /** Nothing to make yet: see {@link #connect}. */
    @Override
    public void start() {
    }

    /**
     * Makes the clients unless they exist; returns whether they do now. False while the cluster
     * cannot be reached (the caller tries again at its next slot map read) or once closed.
     */
    boolean connect() {
        if (commands != null) {
            return true;
        }
        RedisClusterClient client = null;
        RedisClusterClient readClient;
        try {
            client = clusterClient("cmd", config.publishers());
            readClient = clusterClient("read", config.readers());
        } catch (RuntimeException e) {
            closeQuietly(client);
            LOG.log(System.Logger.Level.DEBUG, "redis cluster broker: command client not ready: {0}", e.getMessage());
            return false;
        }
        synchronized (this) {
            if (closed) {
                client.close();
                readClient.close();
                return false;
            }
            reads = readClient;
            commands = client;
        }
        return true;
    }

    /** Whether {@link #connect} succeeded: commands have a client. */
    boolean connected() {
        return commands != null;
    }

    /** Rooms moved between nodes: both clients read the slot map again, so their next commands go straight to the owner. */
    void slotsMoved() {
        RedisClusterClient c = commands;
        RedisClusterClient r = reads;
        if (c != null) {
            c.refreshClusterTopology();
            r.refreshClusterTopology();
        }
    }

    @Override
    public UnifiedJedis commands() {
        return commands;
    }

    @Override
    public UnifiedJedis reads() {
        return reads;
    }

    /**
     * Runs a read, again after a short pause when it fails: reads change nothing, so unlike the
     * TALK script they may be repeated, and while a slot migrates a read gets ASK or TRYAGAIN
     * answers for a moment. A room that recovers from history right after its slot moved needs it.
     * Repeats stop once the command timeout has passed since the first try: a read of a dead node
     * must not hold one of the reader threads, which every room's reads share, for longer than any
     * other command may.
     */
    @Override
    public <T> T read(Supplier<T> read) {
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

    /** Closes the read client, then the command client; a later {@link #connect} makes none. */
    @Override
    public void close() {
        RedisClusterClient c;
        RedisClusterClient r;
        synchronized (this) {
            closed = true;
            c = commands;
            r = reads;
        }
        if (r != null) {
            r.close();
        }
        if (c != null) {
            c.close();
        }
    }

    /** A cluster client with {@code poolSize} connections per node. */
    private RedisClusterClient clusterClient(String role, int poolSize) {
        return RedisClusterClient.builder()
                .nodes(seeds)
                .clientConfig(JedisSettings.clientConfig(config, instanceId, role))
                .poolConfig(JedisSettings.pool(config, poolSize))
                .maxAttempts(1) // see the class comment
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
}
