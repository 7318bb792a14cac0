package chat.config;

import chat.core.history.HistoryPolicy;
import chat.core.hub.ChatLimits;
import chat.core.hub.ChatService;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What every deployment of the chat service is configured with, the standalone runner and the web
 * application alike: {@code INSTANCE_ID}, the {@link ChatService.Options} (limits, writer threads,
 * pings), {@code ALLOWED_ORIGINS}, the history policy and {@code SHUTDOWN_TIMEOUT_MS}. Read with
 * {@link Settings#service()}; each deployment adds what is its own (ports, Redis, signed tokens).
 */
public record ServiceSettings(String instanceId, ChatService.Options options, Set<String> allowedOrigins,
                              HistoryPolicy history, Duration shutdownTimeout) {
    public ServiceSettings {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(options, "options");
        allowedOrigins = Set.copyOf(allowedOrigins);
        Objects.requireNonNull(history, "history");
        if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new IllegalArgumentException("shutdownTimeout must be positive, was " + shutdownTimeout);
        }
    }

    /** Every setting at its default. */
    public static ServiceSettings defaults() {
        return new Settings(java.util.Map.of()).service();
    }

    public ChatLimits limits() {
        return options.limits();
    }

    public ServiceSettings withOptions(ChatService.Options newOptions) {
        return new ServiceSettings(instanceId, newOptions, allowedOrigins, history, shutdownTimeout);
    }

    public ServiceSettings withLimits(ChatLimits limits) {
        return withOptions(options.withLimits(limits));
    }

    public ServiceSettings withInstanceId(String id) {
        return new ServiceSettings(id, options, allowedOrigins, history, shutdownTimeout);
    }

    public ServiceSettings withAllowedOrigins(Set<String> origins) {
        return new ServiceSettings(instanceId, options, origins, history, shutdownTimeout);
    }

    public ServiceSettings withHistory(HistoryPolicy newHistory) {
        return new ServiceSettings(instanceId, options, allowedOrigins, newHistory, shutdownTimeout);
    }

    public ServiceSettings withShutdownTimeout(Duration timeout) {
        return new ServiceSettings(instanceId, options, allowedOrigins, history, timeout);
    }
}
