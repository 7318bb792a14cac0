package chat.webapp;

import chat.core.hub.ChatLimits;
import chat.core.history.HistoryPolicy;
import chat.config.ServiceSettings;
import chat.config.Settings;
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
 * How the web application's chat service runs: what every deployment of the chat service reads
 * ({@link ServiceSettings}), Redis ({@code REDIS_*}) and {@code AUTH_SECRET}, under the names of the
 * configuration table (docs/CONFIGURATION.md). {@link #read(ServletContext)} is the one place it is
 * read: a servlet context parameter (a {@code <context-param>} in {@code web.xml} or the server's
 * per-context configuration) that is not blank wins over the environment variable of the same name.
 * The runner's own settings (ports, network threads, the side port) are the server's business here.
 *
 * @param service    the chat service's own settings
 * @param redis      {@code REDIS_URL} or {@code REDIS_CLUSTER_NODES} and the other {@code REDIS_*}
 *                   settings; empty runs on the in-process broker
 * @param authSecret {@code AUTH_SECRET}: connections need a token signed with it; empty trusts {@code userId}
 */
public record WebAppSettings(ServiceSettings service, Optional<RedisConfig> redis, Optional<String> authSecret) {
    public WebAppSettings {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(authSecret, "authSecret");
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
     * @throws chat.config.ConfigException naming the first setting with a bad value
     */
    static WebAppSettings read(Map<String, String> values) {
        Settings s = new Settings(values);
        return new WebAppSettings(s.service(), RedisConfig.fromSettings(s), JwtIdentity.secretFrom(s));
    }

    public String instanceId() {
        return service.instanceId();
    }

    public Set<String> allowedOrigins() {
        return service.allowedOrigins();
    }

    public HistoryPolicy history() {
        return service.history();
    }

    public Duration shutdownTimeout() {
        return service.shutdownTimeout();
    }

    public WebAppSettings withLimits(ChatLimits limits) {
        return new WebAppSettings(service.withLimits(limits), redis, authSecret);
    }

    public WebAppSettings withRedis(RedisConfig newRedis) {
        return new WebAppSettings(service, Optional.of(newRedis), authSecret);
    }

    public WebAppSettings withInstanceId(String newInstanceId) {
        return new WebAppSettings(service.withInstanceId(newInstanceId), redis, authSecret);
    }

    /** Without secrets: the auth secret is masked, Redis credentials too. */
    @Override
    public String toString() {
        return "WebAppSettings[service=" + service + ", redis=" + redis + ", authSecret="
                + authSecret.map(secret -> "***").orElse("none") + "]";
    }
}
