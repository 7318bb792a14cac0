package chat.webapp;

import chat.core.hub.ChatLimits;
import chat.core.hub.ChatService;
import chat.core.history.HistoryPolicy;
import chat.core.config.Settings;
import chat.endpoint.JwtIdentity;
import chat.redis.RedisConfig;
import jakarta.servlet.ServletContext;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the web application's chat service runs, under the names of README.md's configuration table.
 * {@link #read(ServletContext)} is the one place it is read: a servlet context parameter (a
 * {@code <context-param>} in {@code web.xml} or the server's per-context configuration) that is not
 * blank wins over the environment variable of the same name.
 *
 * @param instanceId      {@code INSTANCE_ID}: this deployment's name in logs and Redis client names
 * @param service         {@code WRITER_THREADS}, {@code PING_INTERVAL_MS}, {@code PONG_TIMEOUT_MS} and the
 *                        limits ({@code MAX_CONNECTIONS}, {@code MAX_MESSAGE_CHARS}, ...)
 * @param allowedOrigins  {@code ALLOWED_ORIGINS}: browser origins allowed to connect (empty: any)
 * @param authSecret      {@code AUTH_SECRET}: connections need a token signed with it; empty trusts {@code userId}
 * @param history         {@code HISTORY_SIZE}, {@code HISTORY_RETENTION_SECONDS}
 * @param redis           {@code REDIS_URL} or {@code REDIS_CLUSTER_NODES} and the other {@code REDIS_*}
 *                        settings; empty runs on the in-process broker
 * @param shutdownTimeout {@code SHUTDOWN_TIMEOUT_MS}: how long stopping the application waits for
 *                        clients to take the SHUTDOWN notice and close
 */
public record WebAppSettings(String instanceId, ChatService.Options service, Set<String> allowedOrigins,
                             Optional<String> authSecret, HistoryPolicy history, Optional<RedisConfig> redis,
                             Duration shutdownTimeout) {
    public WebAppSettings {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(service, "service");
        allowedOrigins = Set.copyOf(allowedOrigins);
        Objects.requireNonNull(authSecret, "authSecret");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(redis, "redis");
        if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new IllegalArgumentException("shutdownTimeout must be positive: " + shutdownTimeout);
        }
    }

    /** Every setting at its default: in-process broker, any origin, trusted {@code userId}. */
    public static WebAppSettings defaults() {
        return read(Map.of());
    }

    /** The settings of the application in {@code context}: its context parameters over the environment. */
    public static WebAppSettings read(ServletContext context) {
        Map<String, String> parameters = new HashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            parameters.put(name, context.getInitParameter(name));
        }
        return read(overlay(System.getenv(), parameters));
    }

    /**
     * {@code environment} with {@code parameters} over it. A blank parameter (an unfilled template
     * value) does not hide the variable: it must not turn off, say, {@code AUTH_SECRET} silently.
     */
    static Map<String, String> overlay(Map<String, String> environment, Map<String, String> parameters) {
        Map<String, String> values = new HashMap<>(environment);
        parameters.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                values.put(name, value);
            }
        });
        return values;
    }

    /**
     * @throws chat.core.config.ConfigException naming the first setting with a bad value
     */
    static WebAppSettings read(Map<String, String> values) {
        Settings s = new Settings(values);
        return new WebAppSettings(s.instanceId(), s.serviceOptions(ChatService.Options.defaults()),
                s.allowedOrigins(), JwtIdentity.secretFrom(s), s.history(HistoryPolicy.DEFAULT),
                RedisConfig.fromSettings(s), s.shutdownTimeout());
    }

    public WebAppSettings withLimits(ChatLimits limits) {
        return new WebAppSettings(instanceId, new ChatService.Options(limits, service.writerThreads(),
                service.pingInterval(), service.pongTimeout()), allowedOrigins, authSecret, history, redis,
                shutdownTimeout);
    }

    public WebAppSettings withRedis(RedisConfig newRedis) {
        return new WebAppSettings(instanceId, service, allowedOrigins, authSecret, history, Optional.of(newRedis),
                shutdownTimeout);
    }

    public WebAppSettings withInstanceId(String newInstanceId) {
        return new WebAppSettings(newInstanceId, service, allowedOrigins, authSecret, history, redis, shutdownTimeout);
    }

    /** Without secrets: the auth secret is masked, Redis credentials too. */
    @Override
    public String toString() {
        return "WebAppSettings[instanceId=" + instanceId + ", service=" + service + ", allowedOrigins="
                + allowedOrigins + ", authSecret=" + authSecret.map(secret -> "***").orElse("none") + ", history="
                + history + ", redis=" + redis + ", shutdownTimeout=" + shutdownTimeout + "]";
    }
}
