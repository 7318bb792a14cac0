package chat.redis;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;

/** How the brokers configure Jedis connections and pools, in one place. */
final class JedisSettings {
    private JedisSettings() {
    }

    /** A connection's settings; {@code role} ends its client name (visible in {@code CLIENT LIST}). */
    static JedisClientConfig clientConfig(RedisConfig config, String instanceId, String role) {
        int timeoutMs = (int) config.timeout().toMillis();
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                // RESP2: a PING on a subscribed connection is answered inside the Pub/Sub stream; under
                // RESP3 Jedis 8 matches the plain PONG to a handler it registers only after sending
                // the PING, and fails the connection when the answer is quicker than that
                .resp2()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .database(config.database())
                .ssl(config.tls())
                .clientName("chat-" + instanceId.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + role);
        if (config.password() != null) {
            builder.user(config.user()).password(config.password());
        }
        return builder.build();
    }

    /**
     * A pool of command connections: {@code size}, as many as the threads that use it (per node in a
     * cluster), waiting at most the timeout.
     */
    static ConnectionPoolConfig pool(RedisConfig config, int size) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(size);
        pool.setMaxIdle(size);
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(config.timeout());
        return pool;
    }
}
