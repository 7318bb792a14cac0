package chat.redis;

import chat.config.Setting;
import chat.config.Settings;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code REDIS_*} settings: which Redis (one server or a cluster), how many connections and
 * threads, the names' prefix and the timings. Read by {@link RedisConfig#fromSettings}.
 */
public final class RedisSettings {
    private RedisSettings() {
    }

    public static final Setting<String> REDIS_URL = Setting.of("REDIS_URL",
            "", "unset", text -> text,
            "`redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS: share rooms with "
            + "other instances through Redis. Unset: the in-process broker (one instance)");

    public static final Setting<String> REDIS_CLUSTER_NODES = Setting.of("REDIS_CLUSTER_NODES",
            "", "unset", text -> text,
            "Redis Cluster seed nodes, `host:port,host:port,...`; for credentials or TLS write them "
            + "as URLs like `REDIS_URL`'s (`rediss://user:password@host:port,...`). Rooms then use "
            + "sharded Pub/Sub (see [Redis Cluster](OPERATIONS.md#redis-cluster)). Setting it and "
            + "`REDIS_URL` together is a configuration error");

    public static final Setting<Integer> REDIS_SUBSCRIBERS = Setting.of("REDIS_SUBSCRIBERS",
            RedisConfig.DEFAULT_SUBSCRIBERS, "`2`", Settings::positive,
            "subscriber connections, each on its own thread; rooms are spread over them by hash (in a"
            + " cluster: one per master instead)");

    public static final Setting<Integer> REDIS_PUBLISHERS = Setting.of("REDIS_PUBLISHERS",
            RedisConfig.DEFAULT_PUBLISHERS, "`8`", Settings::positive,
            "pooled connections (and threads) that publish; at most 10,000 commands wait for them, "
            + "more are answered `UNAVAILABLE`");

    public static final Setting<Integer> REDIS_READERS = Setting.of("REDIS_READERS",
            RedisConfig.DEFAULT_READERS, "`2`", Settings::positive,
            "threads and pooled connections (per node in a cluster) that read room histories, apart "
            + "from the publishing ones, so history requests never hold up TALKs; at most 10,000 reads "
            + "wait for them, more are answered `UNAVAILABLE`");

    public static final Setting<Optional<String>> REDIS_PREFIX = Setting.of("REDIS_PREFIX",
            Optional.empty(), "`chat` (database 0 and Redis Cluster), `chat.db<N>` (database N)", text -> Optional.of(RedisConfig.checkPrefix(text)),
            "start of every Redis key and channel name: 1-64 ASCII letters, digits and `_ . : -`. "
            + "Pub/Sub channels are shared by every database of a Redis server, so deployments that "
            + "share one Redis need different prefixes (the default keeps databases apart)");

    public static final Setting<Duration> REDIS_TIMEOUT_MS = Setting.of("REDIS_TIMEOUT_MS",
            RedisConfig.DEFAULT_TIMEOUT, "`2000`", Settings::positiveMillis,
            "connect, command, pool-wait and subscription-confirmation timeout");

    public static final Setting<Duration> REDIS_PING_INTERVAL_MS = Setting.of("REDIS_PING_INTERVAL_MS",
            RedisConfig.DEFAULT_PING_INTERVAL, "`3000`", Settings::positiveMillis,
            "heartbeat on each subscriber connection this often; nothing heard for two intervals, the"
            + " connection is replaced");

    public static final Setting<Duration> REDIS_RECONNECT_MAX_MS = Setting.of("REDIS_RECONNECT_MAX_MS",
            RedisConfig.DEFAULT_RECONNECT_MAX, "`5000`", text -> Duration.ofMillis(Settings.atLeast100(text)),
            "cap of the reconnect backoff (exponential from 100 ms, jittered)");

    public static List<Setting<?>> all() {
        return List.of(REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SUBSCRIBERS, REDIS_PUBLISHERS, REDIS_READERS, REDIS_PREFIX,
                REDIS_TIMEOUT_MS, REDIS_PING_INTERVAL_MS, REDIS_RECONNECT_MAX_MS);
    }
}
