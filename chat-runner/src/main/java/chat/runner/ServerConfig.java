package chat.runner;

import chat.config.ConfigException;
import chat.config.ServiceSettings;
import chat.config.Settings;
import chat.core.history.HistoryPolicy;
import chat.core.hooks.ChatHooks;
import chat.core.hub.ChatLimits;
import chat.core.hub.ChatService;
import chat.endpoint.JwtIdentity;
import chat.runner.api.ApiConfig;
import chat.redis.RedisConfig;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the standalone server is configured with, read from environment variables: what every
 * deployment of the chat service reads ({@link ServiceSettings}), what only the runner reads
 * ({@link RunnerSettings}: where it listens, its network threads, the handshake deadline, the side
 * port), Redis ({@code REDIS_*}) and {@code AUTH_SECRET}. Each setting's default and meaning are
 * described once, in those classes, and docs/CONFIGURATION.md is checked against them.
 *
 * @param host             {@code SERVER_HOST}
 * @param port             {@code SERVER_PORT}; 0 picks a free port
 * @param selectorThreads  {@code SELECTOR_THREADS}
 * @param workerThreads    {@code WORKER_THREADS}; 0 runs the chat on the selector threads
 * @param metricsPort      {@code METRICS_PORT}; 0 disables the side port
 * @param handshakeTimeout {@code HANDSHAKE_TIMEOUT_MS}
 * @param service          the chat service's own settings
 * @param redis            {@code REDIS_URL} or {@code REDIS_CLUSTER_NODES} and the other {@code REDIS_*};
 *                         empty runs on the in-process broker
 * @param authSecret       {@code AUTH_SECRET}; empty trusts the {@code userId} parameter
 * @param api              {@code API_PORT} and {@code API_KEY}; empty serves no server API
 */
public record ServerConfig(String host, int port, int selectorThreads, int workerThreads, int metricsPort,
                           Duration handshakeTimeout, ServiceSettings service, Optional<RedisConfig> redis,
                           Optional<String> authSecret, Optional<ApiConfig> api) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8085;
    public static final int DEFAULT_METRICS_PORT = 9095;
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(authSecret, "authSecret");
        Objects.requireNonNull(api, "api");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, was " + handshakeTimeout);
        }
        if (port < 0 || port > 65_535 || metricsPort < 0 || metricsPort > 65_535) {
            throw new IllegalArgumentException("ports must be 0-65535, were " + port + " and " + metricsPort);
        }
        if (selectorThreads <= 0 || workerThreads < 0) {
            throw new IllegalArgumentException("selector threads must be positive, worker threads 0 or more; were "
                    + selectorThreads + " and " + workerThreads);
        }
    }

    /** Every setting at its default. */
    public static ServerConfig defaults() {
        return fromEnv(Map.of());
    }

    /**
     * Reads the configuration from {@code env} (normally {@link System#getenv()}); unset or blank
     * variables keep their defaults.
     *
     * @throws ConfigException naming the first variable with a bad value
     */
    public static ServerConfig fromEnv(Map<String, String> env) {
        Settings s = new Settings(env);
        return new ServerConfig(s.get(RunnerSettings.SERVER_HOST), s.get(RunnerSettings.SERVER_PORT),
                s.get(RunnerSettings.SELECTOR_THREADS), s.get(RunnerSettings.WORKER_THREADS),
                s.get(RunnerSettings.METRICS_PORT), s.get(RunnerSettings.HANDSHAKE_TIMEOUT_MS), s.service(),
                RedisConfig.fromSettings(s), JwtIdentity.secretFrom(s), ApiConfig.fromSettings(s));
    }

    public String instanceId() {
        return service.instanceId();
    }

    public Duration shutdownTimeout() {
        return service.shutdownTimeout();
    }

    public ChatLimits limits() {
        return service.limits();
    }

    public Set<String> allowedOrigins() {
        return service.allowedOrigins();
    }

    public HistoryPolicy history() {
        return service.history();
    }

    public int writerThreads() {
        return service.options().writerThreads();
    }

    /** What the chat service runs with: limits, writer threads, pings. */
    public ChatService.Options serviceOptions() {
        return service.options();
    }

    public ServerConfig withHost(String newHost) {
        return toBuilder().host(newHost).build();
    }

    public ServerConfig withPort(int newPort) {
        return toBuilder().port(newPort).build();
    }

    /** {@code 0}: the chat runs on the selector threads. */
    public ServerConfig withWorkerThreads(int threads) {
        return toBuilder().workerThreads(threads).build();
    }

    /** {@code 0} disables the side port. */
    public ServerConfig withMetricsPort(int newMetricsPort) {
        return toBuilder().metricsPort(newMetricsPort).build();
    }

    public ServerConfig withHandshakeTimeout(Duration timeout) {
        return toBuilder().handshakeTimeout(timeout).build();
    }

    public ServerConfig withService(ServiceSettings newService) {
        return toBuilder().service(newService).build();
    }

    public ServerConfig withRedis(RedisConfig newRedis) {
        return toBuilder().redis(Optional.of(newRedis)).build();
    }

    /** Serves the server API on {@code apiPort} (0: a free port) to requests that carry {@code apiKey}. */
    public ServerConfig withApi(int apiPort, String apiKey) {
        return toBuilder().api(Optional.of(new ApiConfig(apiPort, apiKey))).build();
    }

    public ServerConfig withAuthSecret(String secret) {
        return toBuilder().authSecret(Optional.of(secret)).build();
    }

    public ServerConfig withLimits(ChatLimits newLimits) {
        return withService(service.withLimits(newLimits));
    }

    public ServerConfig withInstanceId(String newInstanceId) {
        return withService(service.withInstanceId(newInstanceId));
    }

    public ServerConfig withShutdownTimeout(Duration timeout) {
        return withService(service.withShutdownTimeout(timeout));
    }

    public ServerConfig withAllowedOrigins(Set<String> origins) {
        return withService(service.withAllowedOrigins(origins));
    }

    public ServerConfig withHistory(HistoryPolicy newHistory) {
        return withService(service.withHistory(newHistory));
    }

    /**
     * The hooks the hub runs with: the room access {@code ROOM_ACCESS} chose, every TALK as sent and
     * nobody told, unless changed with {@link #withHooks}.
     */
    public ChatHooks hooks() {
        return service.options().hooks();
    }

    /**
     * Runs the hub with {@code newHooks}; to keep what the environment chose, start from
     * {@link #hooks()}: {@code config.withHooks(config.hooks().withTalkFilter(filter))}.
     */
    public ServerConfig withHooks(ChatHooks newHooks) {
        return withService(service.withOptions(service.options().withHooks(newHooks)));
    }

    /** A zero {@code interval} disables pings. */
    public ServerConfig withPings(Duration interval, Duration timeout) {
        return withService(service.withOptions(service.options().withPings(interval, timeout)));
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.selectorThreads = selectorThreads;
        b.workerThreads = workerThreads;
        b.metricsPort = metricsPort;
        b.handshakeTimeout = handshakeTimeout;
        b.service = service;
        b.redis = redis;
        b.authSecret = authSecret;
        b.api = api;
        return b;
    }

    /** This configuration with some fields changed; {@link #build} checks it whole. */
    private static final class Builder {
        private String host;
        private int port;
        private int selectorThreads;
        private int workerThreads;
        private int metricsPort;
        private Duration handshakeTimeout;
        private ServiceSettings service;
        private Optional<RedisConfig> redis;
        private Optional<String> authSecret;
        private Optional<ApiConfig> api;

        Builder host(String value) {
            host = value;
            return this;
        }

        Builder port(int value) {
            port = value;
            return this;
        }

        Builder workerThreads(int value) {
            workerThreads = value;
            return this;
        }

        Builder metricsPort(int value) {
            metricsPort = value;
            return this;
        }

        Builder handshakeTimeout(Duration value) {
            handshakeTimeout = value;
            return this;
        }

        Builder service(ServiceSettings value) {
            service = value;
            return this;
        }

        Builder redis(Optional<RedisConfig> value) {
            redis = value;
            return this;
        }

        Builder authSecret(Optional<String> value) {
            authSecret = value;
            return this;
        }

        Builder api(Optional<ApiConfig> value) {
            api = value;
            return this;
        }

        ServerConfig build() {
            return new ServerConfig(host, port, selectorThreads, workerThreads, metricsPort, handshakeTimeout, service,
                    redis, authSecret, api);
        }
    }

    /** Without secrets: the auth secret is masked, Redis credentials too (see {@link RedisConfig#toString}). */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", selectorThreads=" + selectorThreads
                + ", workerThreads=" + workerThreads + ", metricsPort=" + metricsPort + ", handshakeTimeout="
                + handshakeTimeout + ", service=" + service + ", redis=" + redis + ", authSecret="
                + authSecret.map(secret -> "***").orElse("none") + ", api=" + api.map(a -> "port " + a.port() + ", key ***")
                .orElse("none") + "]";
    }
}
