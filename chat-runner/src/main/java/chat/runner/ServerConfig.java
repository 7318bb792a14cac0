package chat.runner;

import chat.core.ChatLimits;
import chat.core.HistoryPolicy;
import chat.runner.redis.RedisConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything the standalone server is configured with, read from environment variables. Every
 * default is written next to its option and in README.md's configuration table.
 *
 * @param host             {@code SERVER_HOST}: address to listen on (default 0.0.0.0)
 * @param port             {@code SERVER_PORT}: WebSocket port (default 8085; 0 picks a free port)
 * @param instanceId       {@code INSTANCE_ID}: this instance's name in logs (default host name and pid)
 * @param shutdownTimeout  {@code SHUTDOWN_TIMEOUT_MS}: how long a graceful shutdown may take (default 10,000)
 * @param limits           {@code MAX_ROOMS_PER_CONNECTION} (100), {@code MAX_MESSAGE_CHARS} (8,192),
 *                         {@code OUTBOUND_QUEUE_FRAMES} (1,024), {@code MAX_PENDING_COMMANDS} (64)
 * @param selectorThreads  {@code SELECTOR_THREADS}: Grizzly selector (I/O) threads (default: cores)
 * @param workerThreads    {@code WORKER_THREADS}: threads that decode frames and run the hub (default: 4 x cores)
 * @param writerThreads    {@code WRITER_THREADS}: threads that write frames to sockets (default: cores)
 * @param redis            {@code REDIS_URL} and the other {@code REDIS_*} settings; empty (the default)
 *                         runs on the in-process broker
 * @param metricsPort      {@code METRICS_PORT}: side port for /metrics and /health (default 9095; 0 disables it)
 * @param allowedOrigins   {@code ALLOWED_ORIGINS}: comma-separated browser origins allowed to connect,
 *                         others get HTTP 403 (default empty: any origin)
 * @param pingInterval     {@code PING_INTERVAL_MS}: a connection silent this long gets a WebSocket ping
 *                         (default 30,000; 0 disables pings)
 * @param pongTimeout      {@code PONG_TIMEOUT_MS}: after the ping, silence this long closes it with 1001
 *                         (default 10,000)
 * @param authSecret       {@code AUTH_SECRET}: when set, connections need a {@code token} signed with it
 *                         (HS256) whose {@code sub} is the userId; unset (the default) trusts {@code userId}
 * @param history          {@code HISTORY_SIZE}: TALKs kept per room (default 100) and
 *                         {@code HISTORY_RETENTION_SECONDS}: how long a room's history outlives its last
 *                         member (default 3,600)
 */
public record ServerConfig(String host, int port, String instanceId, Duration shutdownTimeout,
                           ChatLimits limits, int selectorThreads, int workerThreads, int writerThreads,
                           Optional<RedisConfig> redis, int metricsPort, Set<String> allowedOrigins,
                           Duration pingInterval, Duration pongTimeout, Optional<String> authSecret,
                           HistoryPolicy history) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8085;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_METRICS_PORT = 9095;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(redis, "redis");
        allowedOrigins = Set.copyOf(allowedOrigins);
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pongTimeout, "pongTimeout");
        Objects.requireNonNull(authSecret, "authSecret");
        Objects.requireNonNull(history, "history");
        if (port < 0 || port > 65_535 || metricsPort < 0 || metricsPort > 65_535) {
            throw new IllegalArgumentException("ports must be 0-65535, were " + port + " and " + metricsPort);
        }
        if (selectorThreads <= 0 || workerThreads <= 0 || writerThreads <= 0) {
            throw new IllegalArgumentException("thread counts must be positive");
        }
    }

    public static ServerConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, defaultInstanceId(), DEFAULT_SHUTDOWN_TIMEOUT,
                ChatLimits.defaults(), cores, 4 * cores, cores, Optional.empty(), DEFAULT_METRICS_PORT, Set.of(), DEFAULT_PING_INTERVAL, DEFAULT_PONG_TIMEOUT, Optional.empty(),
                HistoryPolicy.DEFAULT);
    }

    /**
     * Reads the configuration from {@code env} (normally {@link System#getenv()}); unset or blank
     * variables keep their defaults.
     *
     * @throws ConfigException naming the first variable with a bad value
     */
    public static ServerConfig fromEnv(Map<String, String> env) {
        ServerConfig d = defaults();
        Env e = new Env(env);
        ChatLimits l = d.limits();
        ChatLimits limits = e.read("MAX_ROOMS_PER_CONNECTION", l.maxRoomsPerConnection(), Env::positive, l::withMaxRoomsPerConnection);
        limits = e.read("MAX_MESSAGE_CHARS", l.maxMessageChars(), Env::positive, limits::withMaxMessageChars);
        limits = e.read("OUTBOUND_QUEUE_FRAMES", l.outboundQueueFrames(), Env::positive, limits::withOutboundQueueFrames);
        limits = e.read("MAX_PENDING_COMMANDS", l.maxPendingCommands(), Env::positive, limits::withMaxPendingCommands);
        limits = e.read("RATE_BURST", l.rateBurst(), Env::positive, limits::withRateBurst);
        limits = e.read("RATE_PER_SECOND", l.ratePerSecond(), Env::positive, limits::withRatePerSecond);
        limits = e.read("RATE_WARNINGS", l.rateWarnings(), Env::positive, limits::withRateWarnings);
        limits = e.read("MAX_CONNECTIONS", l.maxConnections(), Env::positive, limits::withMaxConnections);
        limits = e.read("MAX_CONNECTIONS_PER_USER", l.maxConnectionsPerUser(), Env::positive,
                limits::withMaxConnectionsPerUser);
        limits = e.read("OUTBOUND_QUEUE_BYTES", l.outboundQueueBytes(), Env::positiveLong, limits::withOutboundQueueBytes);
        limits = e.read("SEND_TIMEOUT_MS", l.sendTimeoutMillis(), Env::positiveLong, limits::withSendTimeoutMillis);
        limits = e.read("MAX_CONNECTIONS_PER_ADDRESS", l.maxConnectionsPerAddress(), Env::nonNegative,
                limits::withMaxConnectionsPerAddress);
        return new ServerConfig(
                e.text("SERVER_HOST", d.host()),
                e.read("SERVER_PORT", d.port(), Env::port, Function.identity()),
                e.text("INSTANCE_ID", d.instanceId()),
                Duration.ofMillis(e.read("SHUTDOWN_TIMEOUT_MS", d.shutdownTimeout().toMillis(), Env::positiveLong, Function.identity())),
                limits,
                e.read("SELECTOR_THREADS", d.selectorThreads(), Env::positive, Function.identity()),
                e.read("WORKER_THREADS", d.workerThreads(), Env::positive, Function.identity()),
                e.read("WRITER_THREADS", d.writerThreads(), Env::positive, Function.identity()),
                redisFromEnv(e),
                e.read("METRICS_PORT", d.metricsPort(), Env::port, Function.identity()),
                e.read("ALLOWED_ORIGINS", d.allowedOrigins(), Env::origins, Function.identity()),
                Duration.ofMillis(e.read("PING_INTERVAL_MS", d.pingInterval().toMillis(), Env::nonNegativeLong, Function.identity())),
                Duration.ofMillis(e.read("PONG_TIMEOUT_MS", d.pongTimeout().toMillis(), Env::positiveLong, Function.identity())),
                authSecretFromEnv(e),
                historyFromEnv(e, d.history()));
    }

    private static HistoryPolicy historyFromEnv(Env e, HistoryPolicy d) {
        int size = e.read("HISTORY_SIZE", d.size(), Env::historySize, Function.identity());
        long seconds = e.read("HISTORY_RETENTION_SECONDS", d.retention().toSeconds(), Env::positiveLong, Function.identity());
        return new HistoryPolicy(size, Duration.ofSeconds(seconds));
    }

    public ServerConfig withHistory(HistoryPolicy newHistory) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, newHistory);
    }

    private static Optional<String> authSecretFromEnv(Env e) {
        String secret = e.env().get("AUTH_SECRET");
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < JwtIdentity.MIN_SECRET_BYTES) {
            // the value is not repeated: it is a secret
            throw new ConfigException("AUTH_SECRET is invalid: must be at least " + JwtIdentity.MIN_SECRET_BYTES
                    + " bytes long for HS256");
        }
        return Optional.of(secret);
    }

    /** Without secrets: the auth secret is masked, Redis credentials too (see {@link RedisConfig#toString}). */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", instanceId=" + instanceId + ", shutdownTimeout="
                + shutdownTimeout + ", limits=" + limits + ", selectorThreads=" + selectorThreads + ", workerThreads="
                + workerThreads + ", writerThreads=" + writerThreads + ", redis=" + redis + ", metricsPort="
                + metricsPort + ", allowedOrigins=" + allowedOrigins + ", pingInterval=" + pingInterval
                + ", pongTimeout=" + pongTimeout + ", authSecret=" + authSecret.map(secret -> "***").orElse("none") + ", history=" + history + "]";
    }

    public ServerConfig withAuthSecret(String secret) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, Optional.of(secret), history);
    }

    private static Optional<RedisConfig> redisFromEnv(Env e) {
        String url = e.text("REDIS_URL", "");
        String clusterNodes = e.text("REDIS_CLUSTER_NODES", "");
        if (!url.isEmpty() && !clusterNodes.isEmpty()) {
            throw new ConfigException("REDIS_URL and REDIS_CLUSTER_NODES are both set: set REDIS_URL for one Redis"
                    + " server or REDIS_CLUSTER_NODES for a Redis Cluster, not both");
        }
        if (url.isEmpty() && clusterNodes.isEmpty()) {
            return Optional.empty();
        }
        RedisConfig redis;
        try {
            redis = url.isEmpty() ? RedisConfig.fromClusterNodes(clusterNodes) : RedisConfig.fromUrl(url);
        } catch (IllegalArgumentException bad) {
            // the value is not repeated: it may hold a password
            throw new ConfigException((url.isEmpty() ? "REDIS_CLUSTER_NODES" : "REDIS_URL") + " is invalid: "
                    + bad.getMessage());
        }
        redis = redis.withPools(
                e.read("REDIS_SUBSCRIBERS", redis.subscribers(), Env::positive, Function.identity()),
                e.read("REDIS_PUBLISHERS", redis.publishers(), Env::positive, Function.identity()));
        redis = redis.withTimings(
                Duration.ofMillis(e.read("REDIS_TIMEOUT_MS", redis.timeout().toMillis(), Env::positiveLong, Function.identity())),
                Duration.ofMillis(e.read("REDIS_PING_INTERVAL_MS", redis.pingInterval().toMillis(), Env::positiveLong, Function.identity())),
                Duration.ofMillis(e.read("REDIS_RECONNECT_MAX_MS", redis.reconnectMax().toMillis(), Env::atLeast100, Function.identity())));
        return Optional.of(redis);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads, writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads, writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history);
    }

    public ServerConfig withShutdownTimeout(Duration timeout) {
        return new ServerConfig(host, port, instanceId, timeout, limits, selectorThreads, workerThreads, writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history);
    }

    public ServerConfig withRedis(RedisConfig newRedis) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, Optional.of(newRedis), metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history);
    }

    public ServerConfig withInstanceId(String newInstanceId) {
        return new ServerConfig(host, port, newInstanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history);
    }

    /** {@code 0} disables the side port. */
    public ServerConfig withMetricsPort(int newMetricsPort) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, newMetricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history);
    }

    /** A zero {@code interval} disables pings. */
    public ServerConfig withPings(Duration interval, Duration timeout) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, metricsPort, allowedOrigins, interval, timeout, authSecret, history);
    }

    public ServerConfig withAllowedOrigins(Set<String> origins) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, metricsPort, origins, pingInterval, pongTimeout, authSecret, history);
    }

    public ServerConfig withLimits(ChatLimits newLimits) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, newLimits, selectorThreads, workerThreads, writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history);
    }

    private static String defaultInstanceId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Typed reads of environment variables that fail with the variable's name. */
    private record Env(Map<String, String> env) {

        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        <T, R> R read(String name, T fallback, Parser<T> parser, Function<T, R> then) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return then.apply(fallback);
            }
            try {
                return then.apply(parser.parse(value.trim()));
            } catch (IllegalArgumentException bad) {
                throw new ConfigException(name + "=" + value + " is invalid: " + bad.getMessage());
            }
        }

        static Integer positive(String value) {
            return (int) atLeast(value, 1, Integer.MAX_VALUE, "must be a positive integer");
        }

        static Long positiveLong(String value) {
            return atLeast(value, 1, Long.MAX_VALUE, "must be a positive integer");
        }

        static Integer nonNegative(String value) {
            return (int) atLeast(value, 0, Integer.MAX_VALUE, "must not be negative");
        }

        static Long nonNegativeLong(String value) {
            return atLeast(value, 0, Long.MAX_VALUE, "must not be negative");
        }

        static Integer historySize(String value) {
            return (int) atLeast(value, 1, HistoryPolicy.MAX_SIZE, "must be 1-" + HistoryPolicy.MAX_SIZE);
        }

        static Long atLeast100(String value) {
            return atLeast(value, 100, Long.MAX_VALUE, "must be at least 100");
        }

        /** A whole number in {@code [min, max]}, or the failure {@code outOfRange} names. */
        private static long atLeast(String value, long min, long max, String outOfRange) {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(outOfRange);
            }
            return n;
        }

        static Set<String> origins(String value) {
            Set<String> origins = new java.util.LinkedHashSet<>();
            for (String part : value.split(",")) {
                String origin = part.trim();
                if (origin.isEmpty()) {
                    continue;
                }
                if (!origin.matches("https?://[^/\\s]+")) {
                    throw new IllegalArgumentException("'" + origin + "' is not an origin like https://chat.example.com");
                }
                origins.add(origin);
            }
            return origins;
        }

        static Integer port(String value) {
            int n = integer(value);
            if (n < 0 || n > 65_535) {
                throw new IllegalArgumentException("must be a port number 0-65535");
            }
            return n;
        }
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String value);
    }
}
