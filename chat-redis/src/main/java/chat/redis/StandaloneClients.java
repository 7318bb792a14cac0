package chat.redis;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The command clients of one Redis server: a pool of {@code REDIS_PUBLISHERS} connections (client
 * name {@code ...-pub}) and one of {@code REDIS_READERS} (client name {@code ...-read}). They
 * connect lazily, so they can be made while Redis is down.
 *
 * <p>Thread-safe; {@link #start} and {@link #close} are called by the broker's start and close.
 */
final class StandaloneClients implements CommandClients {
    private final RedisConfig config;
    private final String instanceId;
    private volatile RedisClient commands;
    private volatile RedisClient reads;

    StandaloneClients(RedisConfig config, String instanceId) {
        this.config = Objects.requireNonNull(config, "config");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    }

    @Override
    public void start() {
        HostAndPort address = new HostAndPort(config.host(), config.port());
        commands = client(address, "pub", config.publishers());
        reads = client(address, "read", config.readers());
    }

    private RedisClient client(HostAndPort address, String role, int connections) {
        return RedisClient.builder()
                .hostAndPort(address)
                .clientConfig(JedisSettings.clientConfig(config, instanceId, role))
                .poolConfig(JedisSettings.pool(config, connections))
                .build();
    }

    @Override
    public UnifiedJedis commands() {
        return commands;
    }

    @Override
    public UnifiedJedis reads() {
        return reads;
    }

    @Override
    public <T> T read(Supplier<T> read) {
        return read.get();
    }

    /** Redis was lost: the idle pooled connections died with it, and are not handed out again. */
    void forgetIdleConnections() {
        RedisClient c = commands;
        RedisClient r = reads;
        if (c != null) {
            c.getPool().clear();
        }
        if (r != null) {
            r.getPool().clear();
        }
    }

    /** Closes the read pool, then the command pool. */
    @Override
    public void close() {
        RedisClient r = reads;
        if (r != null) {
            r.close();
        }
        RedisClient c = commands;
        if (c != null) {
            c.close();
        }
    }
}
