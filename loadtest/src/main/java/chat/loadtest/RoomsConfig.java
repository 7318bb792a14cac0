package chat.loadtest;

import chat.core.protocol.Identifiers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The environment-driven run: {@code java -jar load-tester.jar} with no arguments. The first eight
 * variables describe one load (where, how many, what to send and how fast); the rest are what runs
 * at scale need.
 *
 * @param endpoints       {@code TARGET_URL} (ws://localhost:8085/ws/chat); a comma-separated list spreads
 *                        the connections over several instances, round-robin
 * @param connections     {@code CONN_COUNT} (1000)
 * @param clientId        {@code CLIENT_ID} (tester-{PID}): user ids are CLIENT_ID-0, CLIENT_ID-1, ...;
 *                        TALKs carry it, so several processes can share rooms and each counts its own
 * @param roomId          {@code ROOM_ID} (load-test-room)
 * @param messagesPerConn {@code MSG_COUNT} (10): TALKs each connection sends, unless DURATION_SEC is set
 * @param interval        {@code MSG_INTERVAL_SEC} (5): each connection sends every this often, unless
 *                        MSG_RATE is set
 * @param batchSize       {@code BATCH_SIZE} (500): connections opened per batch
 * @param batchDelay      {@code BATCH_DELAY_MS} (1000): pause between batches
 * @param rooms           {@code ROOM_COUNT} (1): with more, connection i joins ROOM_ID-(i mod ROOM_COUNT)
 * @param rate            {@code MSG_RATE} (0: CONN_COUNT / MSG_INTERVAL_SEC): TALKs per second from this
 *                        process, at a fixed rate, taken in turn by the connections
 * @param duration        {@code DURATION_SEC} (0: MSG_COUNT x CONN_COUNT TALKs): how long to send
 * @param warmup          {@code WARMUP_SEC} (0): TALKs sent this early are counted but not timed
 * @param hold            {@code HOLD_SEC} (0): how long to keep every connection open after the last TALK
 * @param drain           {@code DRAIN_SEC} (10): how long to wait for deliveries after the last TALK
 * @param sourceAddresses {@code SOURCE_ADDRESSES} (none): local addresses to connect from, round-robin, as
 *                        a list or range ({@code 127.0.0.1-127.0.0.8}): each adds a range of ports
 * @param statInterval    {@code STAT_INTERVAL_SEC} (5): how often to print a [STAT] line
 * @param concurrency     {@code CONNECT_CONCURRENCY} (200): handshakes in flight at once
 * @param jsonOut         {@code JSON_OUT} (none): a file to write the JSON summary to, besides stdout
 */
record RoomsConfig(Endpoints endpoints, int connections, String clientId, String roomId, int messagesPerConn,
                   Duration interval, int batchSize, Duration batchDelay, int rooms, double rate, Duration duration,
                   Duration warmup, Duration hold, Duration drain, List<InetAddress> sourceAddresses,
                   Duration statInterval, int concurrency, String jsonOut) {

    static final String DEFAULT_URL = "ws://localhost:8085/ws/chat";

    RoomsConfig {
        sourceAddresses = List.copyOf(sourceAddresses);
    }

    /** Reads the environment; {@code pid} names the default CLIENT_ID. */
    static RoomsConfig fromEnv(Map<String, String> env, long pid) throws UsageException {
        Env e = new Env(env);
        Endpoints endpoints = Endpoints.parse(Arrays.asList(e.text("TARGET_URL", DEFAULT_URL).split(",")));
        int connections = e.integer("CONN_COUNT", 1000, 1, CommonOptions.MAX_CONNECTIONS_PER_PROCESS);
        String clientId = e.text("CLIENT_ID", "tester-" + pid);
        var problem = Identifiers.userIdProblem(clientId + "-" + (connections - 1));
        if (problem.isPresent()) {
            throw new UsageException("CLIENT_ID=" + clientId + " makes user ids like " + clientId + "-"
                    + (connections - 1) + ": " + problem.get());
        }
        if (clientId.contains("|")) {
            throw new UsageException("CLIENT_ID must not contain '|'");
        }
        String roomId = e.text("ROOM_ID", "load-test-room");
        int rooms = e.integer("ROOM_COUNT", 1, 1, connections);
        String longestRoom = rooms == 1 ? roomId : roomId + "-" + (rooms - 1);
        var roomProblem = Identifiers.roomIdProblem(longestRoom);
        if (roomProblem.isPresent()) {
            throw new UsageException("ROOM_ID=" + roomId + " makes rooms like " + longestRoom + ": " + roomProblem.get());
        }
        return new RoomsConfig(endpoints, connections, clientId, roomId,
                e.integer("MSG_COUNT", 10, 0, 1_000_000),
                Duration.ofMillis(Math.round(e.decimal("MSG_INTERVAL_SEC", 5, 0.001, 86_400) * 1000)),
                e.integer("BATCH_SIZE", 500, 1, 1_000_000),
                Duration.ofMillis(e.integer("BATCH_DELAY_MS", 1000, 0, 3_600_000)),
                rooms,
                e.decimal("MSG_RATE", 0, 0, 1_000_000),
                Duration.ofSeconds(e.integer("DURATION_SEC", 0, 0, 86_400)),
                Duration.ofSeconds(e.integer("WARMUP_SEC", 0, 0, 86_400)),
                Duration.ofSeconds(e.integer("HOLD_SEC", 0, 0, 86_400)),
                Duration.ofSeconds(e.integer("DRAIN_SEC", 10, 0, 3_600)),
                addresses(e.text("SOURCE_ADDRESSES", "")),
                Duration.ofSeconds(e.integer("STAT_INTERVAL_SEC", 5, 1, 3_600)),
                e.integer("CONNECT_CONCURRENCY", 200, 1, 10_000),
                e.text("JSON_OUT", ""));
    }

    /** TALKs per second this process sends. */
    double effectiveRate() {
        return rate > 0 ? rate : connections * 1000.0 / interval.toMillis();
    }

    /** TALKs this process sends in all. */
    long totalMessages() {
        long total = duration.isZero() ? (long) messagesPerConn * connections
                : (long) Math.ceil(effectiveRate() * duration.toMillis() / 1000.0);
        return Math.min(total, Integer.MAX_VALUE - 8);
    }

    String userId(int connection) {
        return clientId + "-" + connection;
    }

    String room(int connection) {
        return rooms == 1 ? roomId : roomId + "-" + (connection % rooms);
    }

    /** {@code a.b.c.d-a.b.c.e} (last byte varies) or a comma-separated list; empty for none. */
    static List<InetAddress> addresses(String spec) throws UsageException {
        List<InetAddress> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            try {
                int dash = item.indexOf('-');
                if (dash < 0) {
                    out.add(InetAddress.getByName(item));
                    continue;
                }
                byte[] from = InetAddress.getByName(item.substring(0, dash)).getAddress();
                byte[] to = InetAddress.getByName(item.substring(dash + 1)).getAddress();
                if (from.length != 4 || to.length != 4 || from[0] != to[0] || from[1] != to[1] || from[2] != to[2]
                        || (to[3] & 0xff) < (from[3] & 0xff)) {
                    throw new UsageException("SOURCE_ADDRESSES range '" + item + "' must vary only the last byte, upwards");
                }
                for (int last = from[3] & 0xff; last <= (to[3] & 0xff); last++) {
                    out.add(InetAddress.getByAddress(new byte[] {from[0], from[1], from[2], (byte) last}));
                }
            } catch (UnknownHostException ex) {
                throw new UsageException("SOURCE_ADDRESSES: '" + item + "' is not an address");
            }
        }
        return out;
    }

    /** Typed environment reads that name the variable when a value is bad. */
    private record Env(Map<String, String> env) {
        String text(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        int integer(String name, int fallback, int min, int max) throws UsageException {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new UsageException(name + "=" + value + " must be a whole number from " + min + " to " + max);
        }

        double decimal(String name, double fallback, double min, double max) throws UsageException {
            String value = text(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                double n = Double.parseDouble(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new UsageException(name + "=" + value + " must be a number from " + min + " to " + max);
        }
    }
}
