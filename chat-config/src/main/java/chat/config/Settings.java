package chat.config;

import chat.core.history.HistoryPolicy;
import chat.core.hub.ChatLimits;
import chat.core.hub.ChatService;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Named text settings (environment variables, servlet context parameters) read as typed values.
 * Unset or blank settings keep their defaults; a bad value fails with a {@link ConfigException}
 * naming the setting. The standalone runner and the web application read the same names, so the
 * configuration table in README.md holds for both.
 */
public final class Settings {
    private final Map<String, String> values;

    public Settings(Map<String, String> values) {
        this.values = Map.copyOf(Objects.requireNonNull(values, "values"));
    }

    /** Parses one setting's trimmed text; throws {@link IllegalArgumentException} saying what is wrong. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String value);
    }

    /**
     * The value of {@code setting}: its text parsed, or its default when unset or blank.
     *
     * @throws ConfigException naming the setting when its text is invalid
     */
    public <T> T get(Setting<T> setting) {
        String value = values.get(setting.name());
        if (value == null || value.isBlank()) {
            return setting.defaultValue();
        }
        try {
            return setting.parse(value.trim());
        } catch (IllegalArgumentException bad) {
            throw new ConfigException(setting.name() + "=" + value + " is invalid: " + bad.getMessage());
        }
    }

    /** The text of {@code name} exactly as given (secrets may have meaningful spaces), or empty when unset or empty. */
    public String raw(String name) {
        String value = values.get(name);
        return value == null ? "" : value;
    }

    /** Whether {@code name} is set to something not blank. */
    public boolean isSet(String name) {
        String value = values.get(name);
        return value != null && !value.isBlank();
    }

    /** The hub's bounds: every {@link CoreSettings} limit. */
    public ChatLimits limits() {
        return ChatLimits.builder()
                .maxRoomsPerConnection(get(CoreSettings.MAX_ROOMS_PER_CONNECTION))
                .maxMessageChars(get(CoreSettings.MAX_MESSAGE_CHARS))
                .outboundQueueFrames(get(CoreSettings.OUTBOUND_QUEUE_FRAMES))
                .maxPendingCommands(get(CoreSettings.MAX_PENDING_COMMANDS))
                .rateBurst(get(CoreSettings.RATE_BURST))
                .ratePerSecond(get(CoreSettings.RATE_PER_SECOND))
                .rateWarnings(get(CoreSettings.RATE_WARNINGS))
                .maxConnections(get(CoreSettings.MAX_CONNECTIONS))
                .maxConnectionsPerUser(get(CoreSettings.MAX_CONNECTIONS_PER_USER))
                .outboundQueueBytes(get(CoreSettings.OUTBOUND_QUEUE_BYTES))
                .sendTimeoutMillis(get(CoreSettings.SEND_TIMEOUT_MS))
                .maxConnectionsPerAddress(get(CoreSettings.MAX_CONNECTIONS_PER_ADDRESS))
                .maxRooms(get(CoreSettings.MAX_ROOMS))
                .build();
    }

    /** What the chat service runs with: the {@link #limits}, its writer threads, pings and room access. */
    public ChatService.Options serviceOptions() {
        return new ChatService.Options(limits(), get(CoreSettings.WRITER_THREADS), get(CoreSettings.PING_INTERVAL_MS),
                get(CoreSettings.PONG_TIMEOUT_MS)).withRoomAccess(RoomAccessSettings.from(this));
    }

    /** How much history the broker keeps. */
    public HistoryPolicy history() {
        return new HistoryPolicy(get(CoreSettings.HISTORY_SIZE),
                Duration.ofSeconds(get(CoreSettings.HISTORY_RETENTION_SECONDS)),
                get(CoreSettings.HISTORY_MAX_ROOMS), get(CoreSettings.HISTORY_MAX_BYTES));
    }

    /** The settings every deployment of the chat service reads: see {@link ServiceSettings}. */
    public ServiceSettings service() {
        return new ServiceSettings(get(CoreSettings.INSTANCE_ID), serviceOptions(), get(CoreSettings.ALLOWED_ORIGINS),
                history(), get(CoreSettings.SHUTDOWN_TIMEOUT_MS));
    }

    /** The host name (from {@code HOSTNAME}, else {@code localhost}) and this process's pid. */
    public static String defaultInstanceId() {
        return System.getenv().getOrDefault("HOSTNAME", "localhost") + "-" + ProcessHandle.current().pid();
    }

    public static Integer positive(String value) {
        return (int) inRange(value, 1, Integer.MAX_VALUE, "must be a positive integer");
    }

    public static Long positiveLong(String value) {
        return inRange(value, 1, Long.MAX_VALUE, "must be a positive integer");
    }

    public static Integer nonNegative(String value) {
        return (int) inRange(value, 0, Integer.MAX_VALUE, "must not be negative");
    }

    public static Long nonNegativeLong(String value) {
        return inRange(value, 0, Long.MAX_VALUE, "must not be negative");
    }

    public static Long atLeast100(String value) {
        return inRange(value, 100, Long.MAX_VALUE, "must be at least 100");
    }

    public static Duration positiveMillis(String value) {
        return Duration.ofMillis(positiveLong(value));
    }

    public static Duration nonNegativeMillis(String value) {
        return Duration.ofMillis(nonNegativeLong(value));
    }

    static Integer historySize(String value) {
        return (int) inRange(value, 1, HistoryPolicy.MAX_SIZE, "must be 1-" + HistoryPolicy.MAX_SIZE);
    }

    public static Integer port(String value) {
        return (int) inRange(value, 0, 65_535, "must be a port number 0-65535");
    }

    /** A whole number in {@code [min, max]}, or the failure {@code outOfRange} names. */
    private static long inRange(String value, long min, long max, String outOfRange) {
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
        Set<String> origins = new LinkedHashSet<>();
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
        return Set.copyOf(origins);
    }
}
