package chat.redis;

import chat.config.ConfigException;
import chat.config.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Redis is and how the broker uses it.
 *
 * @param host             from {@code REDIS_URL}
 * @param port             from {@code REDIS_URL} (default 6379)
 * @param user             from {@code REDIS_URL}, or null
 * @param password         from {@code REDIS_URL}, or null
 * @param database         from {@code REDIS_URL}'s path (default 0)
 * @param tls              true for {@code rediss://}
 * @param subscribers      {@code REDIS_SUBSCRIBERS}: subscriber connections, rooms spread over them by hash (default 2)
 * @param publishers       {@code REDIS_PUBLISHERS}: pooled publishing connections and threads (default 8)
 * @param timeout          {@code REDIS_TIMEOUT_MS}: connect, command, pool-wait and subscription confirmation
 *                         timeout (default 2,000)
 * @param pingInterval     {@code REDIS_PING_INTERVAL_MS}: PING on every subscriber connection this often; no
 *                         answer within two intervals marks the connection dead (default 3,000)
 * @param reconnectMax     {@code REDIS_RECONNECT_MAX_MS}: the cap of the jittered exponential reconnect
 *                         backoff, which starts at 100 ms (default 5,000)
 * @param publishQueue     publishes waiting for a publishing thread before new ones fail (10,000)
 * @param clusterNodes     {@code REDIS_CLUSTER_NODES}: seed nodes {@code host:port} of a Redis Cluster; empty
 *                         for a single Redis server ({@code host} and {@code port} are then the first seed)
 * @param readers          {@code REDIS_READERS}: threads, and pooled connections, that read histories, apart
 *                         from the publishing ones so reads never hold up TALKs (default 2); at most
 *                         {@link #READ_QUEUE} reads wait for them
 * @param prefix           {@code REDIS_PREFIX}: the start of every Redis key and channel name (see
 *                         {@link RoomKeys}); default {@code chat} for database 0 and Redis Cluster (the names
 *                         used before the setting existed), {@code chat.db<N>} for database N. Pub/Sub is
 *                         server-wide, not per database: deployments sharing a Redis need different prefixes
 */
public record RedisConfig(String host, int port, String user, String password, int database, boolean tls,
                          int subscribers, int publishers, Duration timeout, Duration pingInterval,
                          Duration reconnectMax, int publishQueue, List<String> clusterNodes, int readers,
                          String prefix) {

    public static final int DEFAULT_SUBSCRIBERS = 2;
    public static final int DEFAULT_PUBLISHERS = 8;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(3);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(5);
    public static final int DEFAULT_PUBLISH_QUEUE = 10_000;
    public static final int DEFAULT_READERS = 2;
    /**
     * History reads waiting for a reader before new ones fail with UNAVAILABLE. Large enough for an
     * instance that lost its subscriptions to queue one recovery read for each of ten thousand rooms
     * at once; a flood of reads cannot make anyone wait longer than {@code REDIS_TIMEOUT_MS}, since
     * a read that waited that long fails without calling Redis.
     */
    public static final int READ_QUEUE = 10_000;
    /** The prefix of database 0 and of Redis Cluster: the names the server used before the prefix existed. */
    public static final String DEFAULT_PREFIX = "chat";
    public static final int MAX_PREFIX_LENGTH = 64;

    public RedisConfig {
        Objects.requireNonNull(host, "host");
        clusterNodes = List.copyOf(clusterNodes);
        if (!clusterNodes.isEmpty() && database != 0) {
            throw new IllegalArgumentException("Redis Cluster has only database 0");
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must not be negative, was " + database);
        }
        if (subscribers <= 0 || publishers <= 0 || publishQueue <= 0 || readers <= 0) {
            throw new IllegalArgumentException("subscribers, publishers, publishQueue and readers must be positive");
        }
        checkPrefix(prefix);
        if (timeout.isNegative() || timeout.isZero() || pingInterval.isNegative() || pingInterval.isZero()
                || reconnectMax.toMillis() < 100) {
            throw new IllegalArgumentException("timeouts must be positive and reconnectMax at least 100 ms");
        }
    }

    /**
     * Reads {@code REDIS_URL} (one Redis server) or {@code REDIS_CLUSTER_NODES} (a Redis Cluster)
     * and the other {@code REDIS_*} settings; empty when neither is set.
     *
     * @throws ConfigException naming the setting, without repeating a value that may hold a password
     */
    public static Optional<RedisConfig> fromSettings(Settings settings) {
        String url = settings.get(RedisSettings.REDIS_URL); // read as text: a bad URL is refused below, unrepeated
        String clusterNodes = settings.get(RedisSettings.REDIS_CLUSTER_NODES);
        if (!url.isEmpty() && !clusterNodes.isEmpty()) {
            throw new ConfigException("REDIS_URL and REDIS_CLUSTER_NODES are both set: set REDIS_URL for one Redis"
                    + " server or REDIS_CLUSTER_NODES for a Redis Cluster, not both");
        }
        if (url.isEmpty() && clusterNodes.isEmpty()) {
            return Optional.empty();
        }
        RedisConfig redis;
        try {
            redis = url.isEmpty() ? fromClusterNodes(clusterNodes) : fromUrl(url);
        } catch (IllegalArgumentException bad) {
            throw new ConfigException((url.isEmpty() ? "REDIS_CLUSTER_NODES" : "REDIS_URL") + " is invalid: "
                    + bad.getMessage());
        }
        redis = redis.withPools(settings.get(RedisSettings.REDIS_SUBSCRIBERS), settings.get(RedisSettings.REDIS_PUBLISHERS))
                .withReaders(settings.get(RedisSettings.REDIS_READERS))
                .withPrefix(settings.get(RedisSettings.REDIS_PREFIX).orElse(redis.prefix()));
        return Optional.of(redis.withTimings(settings.get(RedisSettings.REDIS_TIMEOUT_MS),
                settings.get(RedisSettings.REDIS_PING_INTERVAL_MS), settings.get(RedisSettings.REDIS_RECONNECT_MAX_MS)));
    }

    /**
     * Parses {@code redis://[user:password@]host[:port][/db]} or {@code rediss://...} (TLS), with
     * the other settings at their defaults.
     *
     * @throws IllegalArgumentException saying what is wrong with the URL
     */
    public static RedisConfig fromUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("must start with redis:// or rediss://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("has no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = decode(info); // redis://secret@host: a password without a user
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                password = decode(info.substring(colon + 1));
            }
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("database must be a number, was '" + path.substring(1) + "'");
            }
        }
        return new RedisConfig(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(), user, password, database,
                "rediss".equals(scheme), DEFAULT_SUBSCRIBERS, DEFAULT_PUBLISHERS, DEFAULT_TIMEOUT,
                DEFAULT_PING_INTERVAL, DEFAULT_RECONNECT_MAX, DEFAULT_PUBLISH_QUEUE, List.of(), DEFAULT_READERS,
                defaultPrefix(database));
    }

    /**
     * Parses a comma-separated list of Redis Cluster seed nodes. Each is {@code host:port}, or a
     * URL like {@code REDIS_URL}'s ({@code redis://[user:password@]host:port}, {@code rediss://} for
     * TLS) when the cluster needs credentials or TLS; all URLs must then agree on them.
     *
     * @throws IllegalArgumentException saying what is wrong (without repeating a password)
     */
    public static RedisConfig fromClusterNodes(String nodes) {
        List<String> seeds = new ArrayList<>();
        RedisConfig auth = null; // the first node written as a URL: credentials and TLS
        for (String part : nodes.split(",")) {
            String node = part.trim();
            if (node.isEmpty()) {
                continue;
            }
            boolean isUrl = node.contains("://");
            String url = isUrl ? node : "redis://" + node;
            RedisConfig parsed = fromUrl(url);
            if (parsed.database() != 0) {
                throw new IllegalArgumentException("Redis Cluster has only database 0");
            }
            if (URI.create(url).getPort() == -1) {
                throw new IllegalArgumentException("'" + parsed.host() + "' needs a port: host:port");
            }
            if (isUrl && auth == null) {
                auth = parsed;
            } else if (isUrl && (parsed.tls() != auth.tls() || !Objects.equals(parsed.user(), auth.user())
                    || !Objects.equals(parsed.password(), auth.password()))) {
                throw new IllegalArgumentException("all nodes must use the same credentials and TLS setting");
            }
            seeds.add(parsed.host() + ":" + parsed.port());
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("lists no node: expected host:port,host:port,...");
        }
        RedisConfig first = fromUrl("redis://" + seeds.get(0));
        return new RedisConfig(first.host(), first.port(), auth == null ? null : auth.user(),
                auth == null ? null : auth.password(), 0, auth != null && auth.tls(), DEFAULT_SUBSCRIBERS,
                DEFAULT_PUBLISHERS, DEFAULT_TIMEOUT, DEFAULT_PING_INTERVAL, DEFAULT_RECONNECT_MAX,
                DEFAULT_PUBLISH_QUEUE, seeds, DEFAULT_READERS, DEFAULT_PREFIX);
    }

    public boolean isCluster() {
        return !clusterNodes.isEmpty();
    }

    public RedisConfig withPools(int newSubscribers, int newPublishers) {
        return new RedisConfig(host, port, user, password, database, tls, newSubscribers, newPublishers, timeout,
                pingInterval, reconnectMax, publishQueue, clusterNodes, readers, prefix);
    }

    public RedisConfig withTimings(Duration newTimeout, Duration newPingInterval, Duration newReconnectMax) {
        return new RedisConfig(host, port, user, password, database, tls, subscribers, publishers, newTimeout,
                newPingInterval, newReconnectMax, publishQueue, clusterNodes, readers, prefix);
    }

    public RedisConfig withReaders(int newReaders) {
        return new RedisConfig(host, port, user, password, database, tls, subscribers, publishers, timeout,
                pingInterval, reconnectMax, publishQueue, clusterNodes, newReaders, prefix);
    }

    public RedisConfig withPrefix(String newPrefix) {
        return new RedisConfig(host, port, user, password, database, tls, subscribers, publishers, timeout,
                pingInterval, reconnectMax, publishQueue, clusterNodes, readers, newPrefix);
    }

    /**
     * The prefix a deployment on {@code database} gets when {@code REDIS_PREFIX} is not set:
     * {@code chat} for database 0 (so names do not change on upgrade), else {@code chat.db<N>}.
     */
    public static String defaultPrefix(int database) {
        return database == 0 ? DEFAULT_PREFIX : DEFAULT_PREFIX + ".db" + database;
    }

    /**
     * Returns {@code prefix} if it is 1-64 ASCII letters, digits and {@code _ . : -}. No braces: a
     * room's {@code {roomId}} must stay the only hash tag in its names, or Redis Cluster would put
     * its keys and channel in different slots.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String checkPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("the Redis prefix must be 1-" + MAX_PREFIX_LENGTH + " characters, was "
                    + (prefix == null ? "null" : prefix.length()));
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '-';
            if (!allowed) {
                throw new IllegalArgumentException("the Redis prefix may hold only ASCII letters, digits and _ . : -,"
                        + " not '" + (c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : c) + "' at " + i);
            }
        }
        return prefix;
    }

    /** The URL without credentials, for logs. */
    public String safeUrl() {
        if (isCluster()) {
            return (tls ? "rediss://" : "redis://") + (password != null ? "***@" : "") + String.join(",", clusterNodes)
                    + " (cluster)";
        }
        return (tls ? "rediss://" : "redis://") + (password != null ? "***@" : "") + host + ":" + port
                + (database != 0 ? "/" + database : "");
    }

    @Override
    public String toString() {
        return "RedisConfig[" + safeUrl() + ", prefix=" + prefix + ", subscribers=" + subscribers + ", publishers="
                + publishers + ", readers=" + readers + "]";
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
