package chat.webapp;

import chat.core.ChatLimits;
import jakarta.servlet.ServletContext;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How the web application's chat service runs. {@link #read} is the one place its configuration is
 * read; everything not read there keeps the default given here (the standalone runner's defaults).
 *
 * @param limits          the chat rules' limits (default {@link ChatLimits#defaults()})
 * @param allowedOrigins  browser origins allowed to connect, others get HTTP 403 (default empty: any origin)
 * @param writerThreads   threads that write queued frames to the sockets (default: cores)
 * @param shutdownTimeout how long stopping the application waits for clients to take the SHUTDOWN
 *                        notice and close (default 10 s)
 * @param pingInterval    a connection silent this long gets a WebSocket ping (default 30 s; zero: no pings)
 * @param pongTimeout     after the ping, silence this long closes it with 1001 (default 10 s)
 */
public record WebAppSettings(ChatLimits limits, Set<String> allowedOrigins, int writerThreads,
                             Duration shutdownTimeout, Duration pingInterval, Duration pongTimeout) {
    /** The servlet context parameter, or else environment variable, that lists the allowed origins. */
    public static final String ALLOWED_ORIGINS = "ALLOWED_ORIGINS";

    public WebAppSettings {
        Objects.requireNonNull(limits, "limits");
        allowedOrigins = Set.copyOf(allowedOrigins);
        if (writerThreads < 1) {
            throw new IllegalArgumentException("writerThreads must be at least 1: " + writerThreads);
        }
        requirePositive(shutdownTimeout, "shutdownTimeout");
        if (pingInterval.isNegative()) {
            throw new IllegalArgumentException("pingInterval must not be negative: " + pingInterval);
        }
        requirePositive(pongTimeout, "pongTimeout");
    }

    public static WebAppSettings defaults() {
        return new WebAppSettings(ChatLimits.defaults(), Set.of(), Runtime.getRuntime().availableProcessors(),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /**
     * The settings of the application in {@code context}: {@value #ALLOWED_ORIGINS} from the context
     * parameter of that name (web.xml or the server's context configuration), or else from the
     * environment variable; defaults for the rest.
     *
     * @throws IllegalArgumentException naming the setting when a value is not valid
     */
    public static WebAppSettings read(ServletContext context) {
        return read(name -> Optional.ofNullable(context.getInitParameter(name)).orElseGet(() -> System.getenv(name)));
    }

    static WebAppSettings read(UnaryOperator<String> source) {
        WebAppSettings defaults = defaults();
        String origins = source.apply(ALLOWED_ORIGINS);
        return origins == null ? defaults : defaults.withAllowedOrigins(origins(origins));
    }

    public WebAppSettings withLimits(ChatLimits newLimits) {
        return new WebAppSettings(newLimits, allowedOrigins, writerThreads, shutdownTimeout, pingInterval, pongTimeout);
    }

    public WebAppSettings withAllowedOrigins(Set<String> origins) {
        return new WebAppSettings(limits, origins, writerThreads, shutdownTimeout, pingInterval, pongTimeout);
    }

    public WebAppSettings withShutdownTimeout(Duration timeout) {
        return new WebAppSettings(limits, allowedOrigins, writerThreads, timeout, pingInterval, pongTimeout);
    }

    private static Set<String> origins(String value) {
        Set<String> origins = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException(ALLOWED_ORIGINS + ": '" + origin
                        + "' is not an origin like https://chat.example.com");
            }
            origins.add(origin);
        }
        return origins;
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
