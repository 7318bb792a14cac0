package chat.core.config;

import chat.core.history.HistoryPolicy;
import chat.core.hub.ChatLimits;
import chat.core.hub.ChatService;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

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

    /** The trimmed value, or {@code fallback} when unset or blank. */
    public String text(String name, String fallback) {
        String value = values.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** The value exactly as given (secrets may have meaningful spaces), or empty when unset or empty. */
    public String raw(String name) {
        String value = values.get(name);
        return value == null ? "" : value;
    }

    /** The parsed value, or {@code fallback} when unset or blank. */
    public <T> T read(String name, T fallback, Parser<T> parser) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parser.parse(value.trim());
        } catch (IllegalArgumentException bad) {
            throw new ConfigException(name + "=" + value + " is invalid: " + bad.getMessage());
        }
    }

    /** The parsed value handed to {@code then} (a wither), or {@code then} of {@code fallback}. */
    public <T, R> R read(String name, T fallback, Parser<T> parser, Function<T, R> then) {
        return then.apply(read(name, fallback, parser));
    }

    /** A duration given in milliseconds. */
    public Duration millis(String name, Duration fallback, Parser<Long> parser) {
        return Duration.ofMillis(read(name, fallback.toMillis(), parser));
    }

    /**
     * The per-connection and per-server limits: {@code MAX_ROOMS_PER_CONNECTION},
     * {@code MAX_MESSAGE_CHARS}, {@code OUTBOUND_QUEUE_FRAMES}, {@code MAX_PENDING_COMMANDS},
     * {@code RATE_BURST}, {@code RATE_PER_SECOND}, {@code RATE_WARNINGS}, {@code MAX_CONNECTIONS},
     * {@code MAX_CONNECTIONS_PER_USER}, {@code OUTBOUND_QUEUE_BYTES}, {@code SEND_TIMEOUT_MS},
     * {@code MAX_CONNECTIONS_PER_ADDRESS}, {@code MAX_ROOMS}.
     */
    public ChatLimits limits(ChatLimits d) {
        ChatLimits l = read("MAX_ROOMS_PER_CONNECTION", d.maxRoomsPerConnection(), Settings::positive, d::withMaxRoomsPerConnection);
        l = read("MAX_MESSAGE_CHARS", d.maxMessageChars(), Settings::positive, l::withMaxMessageChars);
        l = read("OUTBOUND_QUEUE_FRAMES", d.outboundQueueFrames(), Settings::positive, l::withOutboundQueueFrames);
        l = read("MAX_PENDING_COMMANDS", d.maxPendingCommands(), Settings::positive, l::withMaxPendingCommands);
        l = read("RATE_BURST", d.rateBurst(), Settings::positive, l::withRateBurst);
        l = read("RATE_PER_SECOND", d.ratePerSecond(), Settings::positive, l::withRatePerSecond);
        l = read("RATE_WARNINGS", d.rateWarnings(), Settings::positive, l::withRateWarnings);
        l = read("MAX_CONNECTIONS", d.maxConnections(), Settings::positive, l::withMaxConnections);
        l = read("MAX_CONNECTIONS_PER_USER", d.maxConnectionsPerUser(), Settings::positive, l::withMaxConnectionsPerUser);
        l = read("OUTBOUND_QUEUE_BYTES", d.outboundQueueBytes(), Settings::positiveLong, l::withOutboundQueueBytes);
        l = read("SEND_TIMEOUT_MS", d.sendTimeoutMillis(), Settings::positiveLong, l::withSendTimeoutMillis);
        l = read("MAX_ROOMS", d.maxRooms(), Settings::positive, l::withMaxRooms);
        return read("MAX_CONNECTIONS_PER_ADDRESS", d.maxConnectionsPerAddress(), Settings::nonNegative,
                l::withMaxConnectionsPerAddress);
    }

    /**
     * What the chat service runs with: the {@link #limits}, {@code WRITER_THREADS},
     * {@code PING_INTERVAL_MS} (0: no pings) and {@code PONG_TIMEOUT_MS}.
     */
    public ChatService.Options serviceOptions(ChatService.Options d) {
        return new ChatService.Options(limits(d.limits()),
                read("WRITER_THREADS", d.writerThreads(), Settings::positive),
                millis("PING_INTERVAL_MS", d.pingInterval(), Settings::nonNegativeLong),
                millis("PONG_TIMEOUT_MS", d.pongTimeout(), Settings::positiveLong));
    }

    /** {@code SHUTDOWN_TIMEOUT_MS}: how long a graceful stop waits for clients. */
    public Duration shutdownTimeout() {
        return millis("SHUTDOWN_TIMEOUT_MS", ChatService.DEFAULT_DRAIN_TIMEOUT, Settings::positiveLong);
    }

    /**
     * {@code HISTORY_SIZE}, {@code HISTORY_RETENTION_SECONDS}, {@code HISTORY_MAX_ROOMS} and
     * {@code HISTORY_MAX_BYTES}.
     */
    public HistoryPolicy history(HistoryPolicy d) {
        int size = read("HISTORY_SIZE", d.size(), value -> (int) inRange(value, 1, HistoryPolicy.MAX_SIZE,
                "must be 1-" + HistoryPolicy.MAX_SIZE));
        long seconds = read("HISTORY_RETENTION_SECONDS", d.retention().toSeconds(), Settings::positiveLong);
        return new HistoryPolicy(size, Duration.ofSeconds(seconds),
                read("HISTORY_MAX_ROOMS", d.maxRooms(), Settings::positive),
                read("HISTORY_MAX_BYTES", d.maxBytes(), Settings::positiveLong));
    }

    /** {@code INSTANCE_ID}: this instance's name in logs and Redis client names; default host name and pid. */
    public String instanceId() {
        return text("INSTANCE_ID", defaultInstanceId());
    }

    /** The host name (from {@code HOSTNAME}, else {@code localhost}) and this process's pid. */
    public static String defaultInstanceId() {
        return System.getenv().getOrDefault("HOSTNAME", "localhost") + "-" + ProcessHandle.current().pid();
    }

    /** {@code ALLOWED_ORIGINS}: comma-separated browser origins; empty allows any. */
    public Set<String> allowedOrigins() {
        return read("ALLOWED_ORIGINS", Set.of(), Settings::origins);
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

    private static Set<String> origins(String value) {
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
