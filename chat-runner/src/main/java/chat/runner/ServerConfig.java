package chat.runner;

import chat.core.hub.ChatLimits;
import chat.core.hub.ChatService;
import chat.core.config.ConfigException;
import chat.core.history.HistoryPolicy;
import chat.core.config.Settings;
import chat.endpoint.JwtIdentity;
import chat.redis.RedisConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the standalone server is configured with, read from environment variables. Every
 * default is written next to its option and in README.md's configuration table.
 *
 * @param host             {@code SERVER_HOST}: address to listen on (default 0.0.0.0)
 * @param port             {@code SERVER_PORT}: WebSocket port (default 8085; 0 picks a free port)
 * @param instanceId       {@code INSTANCE_ID}: this instance's name in logs (default host name and pid)
 * @param shutdownTimeout  {@code SHUTDOWN_TIMEOUT_MS}: how long a graceful shutdown may take (default 10,000)
 * @param limits           the hub's bounds, each read from the setting of its name (see
 *                         {@link ChatLimits} and docs/CONFIGURATION.md)
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
 * @param history          {@code HISTORY_SIZE}, {@code HISTORY_RETENTION_SECONDS},
 *                         {@code HISTORY_MAX_ROOMS} and {@code HISTORY_MAX_BYTES} (see {@link HistoryPolicy})
 * @param handshakeTimeout {@code HANDSHAKE_TIMEOUT_MS}: an accepted connection that has not been answered
 *                         {@code 101 Switching Protocols} this long after connecting is closed (default 10,000);
 *                         this also ends plain HTTP connections left open after fetching the chat page
 */
public record ServerConfig(String host, int port, String instanceId, Duration shutdownTimeout,
                           ChatLimits limits, int selectorThreads, int workerThreads, int writerThreads,
                           Optional<RedisConfig> redis, int metricsPort, Set<String> allowedOrigins,
                           Duration pingInterval, Duration pongTimeout, Optional<String> authSecret,
                           HistoryPolicy history, Duration handshakeTimeout) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8085;
    public static final int DEFAULT_METRICS_PORT = 9095;
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

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
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, was " + handshakeTimeout);
        }
        if (port < 0 || port > 65_535 || metricsPort < 0 || metricsPort > 65_535) {
            throw new IllegalArgumentException("ports must be 0-65535, were " + port + " and " + metricsPort);
        }
        if (selectorThreads <= 0 || workerThreads <= 0 || writerThreads <= 0) {
            throw new IllegalArgumentException("thread counts must be positive");
        }
    }

    public static ServerConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        ChatService.Options service = ChatService.Options.defaults();
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, Settings.defaultInstanceId(),
                ChatService.DEFAULT_DRAIN_TIMEOUT, service.limits(), cores, 4 * cores, service.writerThreads(),
                Optional.empty(), DEFAULT_METRICS_PORT, Set.of(), service.pingInterval(), service.pongTimeout(),
                Optional.empty(), HistoryPolicy.DEFAULT, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * Reads the configuration from {@code env} (normally {@link System#getenv()}); unset or blank
     * variables keep their defaults.
     *
     * @throws ConfigException naming the first variable with a bad value
     */
    public static ServerConfig fromEnv(Map<String, String> env) {
        ServerConfig d = defaults();
        Settings s = new Settings(env);
        ChatService.Options service = s.serviceOptions(d.serviceOptions());
        return new ServerConfig(
                s.text("SERVER_HOST", d.host()),
                s.read("SERVER_PORT", d.port(), Settings::port),
                s.instanceId(),
                s.shutdownTimeout(),
                service.limits(),
                s.read("SELECTOR_THREADS", d.selectorThreads(), Settings::positive),
                s.read("WORKER_THREADS", d.workerThreads(), Settings::positive),
                service.writerThreads(),
                RedisConfig.fromSettings(s),
                s.read("METRICS_PORT", d.metricsPort(), Settings::port),
                s.allowedOrigins(),
                service.pingInterval(),
                service.pongTimeout(),
                JwtIdentity.secretFrom(s),
                s.history(d.history()),
                s.millis("HANDSHAKE_TIMEOUT_MS", d.handshakeTimeout(), Settings::positiveLong));
    }

    /** What the chat service runs with: limits, writer threads, pings. */
    public ChatService.Options serviceOptions() {
        return new ChatService.Options(limits, writerThreads, pingInterval, pongTimeout);
    }

    public ServerConfig withHandshakeTimeout(Duration timeout) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history, timeout);
    }

    public ServerConfig withHistory(HistoryPolicy newHistory) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, newHistory, handshakeTimeout);
    }


    /** Without secrets: the auth secret is masked, Redis credentials too (see {@link RedisConfig#toString}). */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", instanceId=" + instanceId + ", shutdownTimeout="
                + shutdownTimeout + ", limits=" + limits + ", selectorThreads=" + selectorThreads + ", workerThreads="
                + workerThreads + ", writerThreads=" + writerThreads + ", redis=" + redis + ", metricsPort="
                + metricsPort + ", allowedOrigins=" + allowedOrigins + ", pingInterval=" + pingInterval
                + ", pongTimeout=" + pongTimeout + ", authSecret=" + authSecret.map(secret -> "***").orElse("none") + ", history=" + history + ", handshakeTimeout=" + handshakeTimeout + "]";
    }

    public ServerConfig withAuthSecret(String secret) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, Optional.of(secret), history, handshakeTimeout);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads, writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history, handshakeTimeout);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads, writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history, handshakeTimeout);
    }

    public ServerConfig withShutdownTimeout(Duration timeout) {
        return new ServerConfig(host, port, instanceId, timeout, limits, selectorThreads, workerThreads, writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history, handshakeTimeout);
    }

    public ServerConfig withRedis(RedisConfig newRedis) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, Optional.of(newRedis), metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history, handshakeTimeout);
    }

    public ServerConfig withInstanceId(String newInstanceId) {
        return new ServerConfig(host, port, newInstanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history, handshakeTimeout);
    }

    /** {@code 0} disables the side port. */
    public ServerConfig withMetricsPort(int newMetricsPort) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, newMetricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history, handshakeTimeout);
    }

    /** A zero {@code interval} disables pings. */
    public ServerConfig withPings(Duration interval, Duration timeout) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, metricsPort, allowedOrigins, interval, timeout, authSecret, history, handshakeTimeout);
    }

    public ServerConfig withAllowedOrigins(Set<String> origins) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, limits, selectorThreads, workerThreads,
                writerThreads, redis, metricsPort, origins, pingInterval, pongTimeout, authSecret, history, handshakeTimeout);
    }

    public ServerConfig withLimits(ChatLimits newLimits) {
        return new ServerConfig(host, port, instanceId, shutdownTimeout, newLimits, selectorThreads, workerThreads, writerThreads, redis, metricsPort, allowedOrigins, pingInterval, pongTimeout, authSecret, history, handshakeTimeout);
    }
}
