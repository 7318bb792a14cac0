package chat.runner;

import chat.config.Setting;
import chat.config.Settings;

import java.time.Duration;
import java.util.List;

/**
 * The settings only the standalone runner reads: where it listens, its network threads, the
 * handshake deadline and the side port for metrics and health. Read by {@link ServerConfig#fromEnv}.
 */
public final class RunnerSettings {
    private RunnerSettings() {
    }

    public static final Setting<String> SERVER_HOST = Setting.of("SERVER_HOST",
            ServerConfig.DEFAULT_HOST, "`0.0.0.0`", text -> text,
            "address to listen on");

    public static final Setting<Integer> SERVER_PORT = Setting.of("SERVER_PORT",
            ServerConfig.DEFAULT_PORT, "`8085`", Settings::port,
            "WebSocket port, also serving the [chat page](CHAT-PAGE.md); `0` picks a free one "
            + "(logged)");

    public static final Setting<Duration> HANDSHAKE_TIMEOUT_MS = Setting.of("HANDSHAKE_TIMEOUT_MS",
            ServerConfig.DEFAULT_HANDSHAKE_TIMEOUT, "`10000`", Settings::positiveMillis,
            "an accepted TCP connection that has not been answered `101 Switching Protocols` this "
            + "long after connecting is closed: silent or slow sockets, refused handshakes and plain "
            + "HTTP connections (the chat page's answers already say `Connection: close`) cannot hold a"
            + " file descriptor. Runner only");

    public static final Setting<Integer> SELECTOR_THREADS = Setting.derived("SELECTOR_THREADS",
            () -> Runtime.getRuntime().availableProcessors(), "cores", Settings::positive,
            "Grizzly selector (network I/O) threads");

    public static final Setting<Integer> WORKER_THREADS = Setting.of("WORKER_THREADS",
            0, "`0`", Settings::nonNegative,
            "threads that decode frames and run the chat rules; `0`: the selector threads do, each for "
            + "its own connections, without handing each read to another thread");

    public static final Setting<Integer> METRICS_PORT = Setting.of("METRICS_PORT",
            ServerConfig.DEFAULT_METRICS_PORT, "`9095`", Settings::port,
            "side port for `/metrics` and `/health` (bound on `SERVER_HOST`); `0` disables it");

    public static List<Setting<?>> all() {
        return List.of(SERVER_HOST, SERVER_PORT, HANDSHAKE_TIMEOUT_MS, SELECTOR_THREADS, WORKER_THREADS, METRICS_PORT);
    }
}
