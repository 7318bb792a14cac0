package chat.config;

import chat.core.history.HistoryPolicy;
import chat.core.hub.ChatLimits;
import chat.core.hub.ChatService;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The settings the chat service reads wherever it runs (the standalone runner and the web
 * application): its name, its shutdown, its limits, browser origins, writer threads, pings and
 * history. Each is described once here; {@link Settings} reads them, and the documentation's
 * configuration table is checked against them.
 */
public final class CoreSettings {
    private CoreSettings() {
    }

    public static final Setting<String> INSTANCE_ID = Setting.derived("INSTANCE_ID",
            Settings::defaultInstanceId, "`$HOSTNAME-<pid>`", text -> text,
            "this instance's name in logs");

    public static final Setting<Duration> SHUTDOWN_TIMEOUT_MS = Setting.of("SHUTDOWN_TIMEOUT_MS",
            ChatService.DEFAULT_DRAIN_TIMEOUT, "`10000`", Settings::positiveMillis,
            "how long a graceful shutdown waits for clients before closing the rest hard");

    public static final Setting<Integer> MAX_ROOMS_PER_CONNECTION = Setting.of("MAX_ROOMS_PER_CONNECTION",
            ChatLimits.DEFAULT_MAX_ROOMS_PER_CONNECTION, "`100`", Settings::positive,
            "rooms one connection may be in at once");

    public static final Setting<Integer> MAX_MESSAGE_CHARS = Setting.of("MAX_MESSAGE_CHARS",
            ChatLimits.DEFAULT_MAX_MESSAGE_CHARS, "`8192`", Settings::positive,
            "longest `message`, in characters");

    public static final Setting<Integer> OUTBOUND_QUEUE_FRAMES = Setting.of("OUTBOUND_QUEUE_FRAMES",
            ChatLimits.DEFAULT_OUTBOUND_QUEUE_FRAMES, "`1024`", Settings::positive,
            "frames queued for one client before it is closed as a slow consumer (1008)");

    public static final Setting<Long> OUTBOUND_QUEUE_BYTES = Setting.of("OUTBOUND_QUEUE_BYTES",
            ChatLimits.DEFAULT_OUTBOUND_QUEUE_BYTES, "`1048576`", Settings::positiveLong,
            "bytes (UTF-8) queued for one client before it is closed as a slow consumer (1008). In "
            + "the runner it also bounds what waits in the connection's socket write queue, pongs and "
            + "close frames included: past it plus 256 KiB, beyond the data frame being written, the "
            + "connection is terminated (`chat_slow_consumer_disconnects_total`)");

    public static final Setting<Long> SEND_TIMEOUT_MS = Setting.of("SEND_TIMEOUT_MS",
            ChatLimits.DEFAULT_SEND_TIMEOUT_MILLIS, "`10000`", Settings::positiveLong,
            "how long one write to a client may stay in flight before it is closed as a slow consumer"
            + " (1008)");

    public static final Setting<Integer> MAX_PENDING_COMMANDS = Setting.of("MAX_PENDING_COMMANDS",
            ChatLimits.DEFAULT_MAX_PENDING_COMMANDS, "`64`", Settings::positive,
            "commands of one connection waiting on the broker before it is closed (1008)");

    public static final Setting<Integer> RATE_BURST = Setting.of("RATE_BURST",
            ChatLimits.DEFAULT_RATE_BURST, "`20`", Settings::positive,
            "frames one connection may send at once (token bucket size)");

    public static final Setting<Integer> RATE_PER_SECOND = Setting.of("RATE_PER_SECOND",
            ChatLimits.DEFAULT_RATE_PER_SECOND, "`10`", Settings::positive,
            "frames per second one connection may send on average (refill rate); over it a frame is "
            + "refused with `RATE_LIMITED`. In the runner, WebSocket pings count against a bucket of "
            + "the same size and rate; a ping beyond it closes the connection with 1008 `rate limit "
            + "exceeded`");

    public static final Setting<Integer> RATE_WARNINGS = Setting.of("RATE_WARNINGS",
            ChatLimits.DEFAULT_RATE_WARNINGS, "`10`", Settings::positive,
            "`RATE_LIMITED` answers in a row after which a flooding connection is closed with 1008");

    public static final Setting<Integer> MAX_CONNECTIONS = Setting.of("MAX_CONNECTIONS",
            ChatLimits.DEFAULT_MAX_CONNECTIONS, "`18000`", Settings::positive,
            "connections this instance accepts; more are closed at once with 1013 `try again later` "
            + "(default leaves headroom below a 20,000 open-files limit)");

    public static final Setting<Integer> MAX_CONNECTIONS_PER_USER = Setting.of("MAX_CONNECTIONS_PER_USER",
            ChatLimits.DEFAULT_MAX_CONNECTIONS_PER_USER, "`20`", Settings::positive,
            "connections one `userId` may hold on this instance; more are closed with 1008");

    public static final Setting<Integer> MAX_ROOMS = Setting.of("MAX_ROOMS",
            ChatLimits.DEFAULT_MAX_ROOMS, "`100000`", Settings::positive,
            "rooms with members this instance holds at once (about 700 bytes of heap each); an ENTER "
            + "that would open one more is answered `TOO_MANY_ROOMS`, rooms that have members still "
            + "take more");

    public static final Setting<Integer> MAX_CONNECTIONS_PER_ADDRESS = Setting.of("MAX_CONNECTIONS_PER_ADDRESS",
            0, "`0`", Settings::nonNegative,
            "connections one remote IP address may hold on this instance; more are closed with 1008. "
            + "`0`: no bound (NATs and proxies put many users behind one address; set it where clients "
            + "connect directly)");

    public static final Setting<Set<String>> ALLOWED_ORIGINS = Setting.of("ALLOWED_ORIGINS",
            Set.of(), "empty", Settings::origins,
            "comma-separated browser origins allowed to connect "
            + "(`https://chat.example.com,http://localhost:3000`); others get HTTP 403 at the "
            + "handshake. Empty: any origin. Requests without an `Origin` header (non-browser clients) "
            + "are allowed. To use the [chat page](CHAT-PAGE.md), include its own origin "
            + "(`http://localhost:8085`)");

    public static final Setting<Integer> WRITER_THREADS = Setting.derived("WRITER_THREADS",
            () -> Runtime.getRuntime().availableProcessors(), "cores", Settings::positive,
            "threads that write queued frames to the sockets");

    public static final Setting<Duration> PING_INTERVAL_MS = Setting.of("PING_INTERVAL_MS",
            ChatService.Options.DEFAULT_PING_INTERVAL, "`30000`", Settings::nonNegativeMillis,
            "a connection silent this long gets a WebSocket ping; `0` disables pings");

    public static final Setting<Duration> PONG_TIMEOUT_MS = Setting.of("PONG_TIMEOUT_MS",
            ChatService.Options.DEFAULT_PONG_TIMEOUT, "`10000`", Settings::positiveMillis,
            "after that, silence this long (no frame, no pong) closes it with 1001 `no answer to "
            + "ping`");

    public static final Setting<Integer> HISTORY_SIZE = Setting.of("HISTORY_SIZE",
            HistoryPolicy.DEFAULT_SIZE, "`100`", Settings::historySize,
            "TALKs stored per room for replay and `HISTORY` (1-10,000)");

    public static final Setting<Long> HISTORY_RETENTION_SECONDS = Setting.of("HISTORY_RETENTION_SECONDS",
            HistoryPolicy.DEFAULT_RETENTION.toSeconds(), "`3600`", Settings::positiveLong,
            "how long a room's history (and its `seq` numbering) is kept after its last member on any"
            + " instance left");

    public static final Setting<Integer> HISTORY_MAX_ROOMS = Setting.of("HISTORY_MAX_ROOMS",
            HistoryPolicy.DEFAULT_MAX_ROOMS, "`100000`", Settings::positive,
            "rooms whose history is kept at once: in-process per instance, in Redis per deployment. "
            + "Past it the least recently used room's history is dropped (see [History stores are "
            + "bounded](PROTOCOL.md#history-stores-are-bounded))");

    public static final Setting<Long> HISTORY_MAX_BYTES = Setting.of("HISTORY_MAX_BYTES",
            HistoryPolicy.DEFAULT_MAX_BYTES, "`67108864` (64 MiB)", Settings::positiveLong,
            "in-process only: bytes of stored TALKs (their JSON, plus 256 bytes a room) kept at once;"
            + " past it the least recently used rooms' histories are dropped. The Redis brokers leave "
            + "memory to Redis (`maxmemory`) and bound rooms");
    /** Every setting of this class, in the order the documentation lists them. */
    public static List<Setting<?>> all() {
        return List.of(INSTANCE_ID, SHUTDOWN_TIMEOUT_MS, MAX_ROOMS_PER_CONNECTION, MAX_MESSAGE_CHARS,
                OUTBOUND_QUEUE_FRAMES, OUTBOUND_QUEUE_BYTES, SEND_TIMEOUT_MS, MAX_PENDING_COMMANDS, RATE_BURST,
                RATE_PER_SECOND, RATE_WARNINGS, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_USER, MAX_ROOMS,
                MAX_CONNECTIONS_PER_ADDRESS, ALLOWED_ORIGINS, WRITER_THREADS, PING_INTERVAL_MS, PONG_TIMEOUT_MS,
                HISTORY_SIZE, HISTORY_RETENTION_SECONDS, HISTORY_MAX_ROOMS, HISTORY_MAX_BYTES);
    }
}
