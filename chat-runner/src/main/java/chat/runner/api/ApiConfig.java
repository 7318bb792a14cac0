package chat.runner.api;

import chat.config.ConfigException;
import chat.config.Setting;
import chat.config.Settings;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the server API listens ({@code API_PORT}, on {@code SERVER_HOST}) and the key every request
 * must carry ({@code API_KEY}).
 *
 * @param port 0 picks a free port
 * @param key  at least {@value #MIN_KEY_LENGTH} characters
 */
public record ApiConfig(int port, String key) {
    public static final int MIN_KEY_LENGTH = 16;

    public static final Setting<Optional<Integer>> API_PORT = Setting.of("API_PORT", Optional.empty(), "unset",
            text -> Optional.of(Settings.port(text)),
            "port of the server API for the application's backend (`/api/...`, see [Server "
            + "API](API.md)), bound on `SERVER_HOST`; unset: no server API. Needs `API_KEY`");

    public static final Setting<Optional<String>> API_KEY = Setting.of("API_KEY", Optional.empty(), "unset",
            ApiConfig::longEnough,
            "with `API_PORT`: the key every server API request carries as `Authorization: Bearer <API_KEY>` "
            + "(at least 16 characters)");

    public ApiConfig {
        Objects.requireNonNull(key, "key");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the API key must be at least " + MIN_KEY_LENGTH + " characters");
        }
    }

    public static List<Setting<?>> all() {
        return List.of(API_PORT, API_KEY);
    }

    /**
     * The server API {@code settings} ask for, or empty when {@code API_PORT} is unset.
     *
     * @throws ConfigException when {@code API_PORT} is set without a long enough {@code API_KEY}
     */
    public static Optional<ApiConfig> fromSettings(Settings settings) {
        Optional<Integer> port = settings.get(API_PORT);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        String key = settings.raw(API_KEY.name());
        if (key.isEmpty()) {
            throw new ConfigException("API_PORT is set but API_KEY is not: the server API needs a key of at least "
                    + MIN_KEY_LENGTH + " characters");
        }
        if (key.length() < MIN_KEY_LENGTH) { // not through settings.get: its message would repeat the key
            throw new ConfigException("API_KEY is invalid: must be at least " + MIN_KEY_LENGTH + " characters");
        }
        return Optional.of(new ApiConfig(port.get(), key));
    }

    private static Optional<String> longEnough(String key) {
        if (key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("must be at least " + MIN_KEY_LENGTH + " characters");
        }
        return Optional.of(key);
    }

    /** Without the key. */
    @Override
    public String toString() {
        return "ApiConfig[port=" + port + ", key=***]";
    }
}
