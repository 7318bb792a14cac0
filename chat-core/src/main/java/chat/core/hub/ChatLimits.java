package chat.core.hub;

/**
 * The bounds the hub holds to: per connection (rooms, message length, outbound queue, pending
 * commands, inbound rate, send timeout) and per instance (connections in all, per userId and per
 * address, rooms). The settings of the same names (see docs/CONFIGURATION.md) fill them in. The
 * codec's own limits (frame nesting, text rules) are not settings and live with it.
 *
 * @param maxRoomsPerConnection rooms one connection may be in at once (default 100)
 * @param maxMessageChars       characters in a frame's {@code message} (default 8,192)
 * @param outboundQueueFrames   frames queued for one connection before it is closed as a slow
 *                              consumer with 1008 (default 1,024)
 * @param maxPendingCommands    client commands of one connection waiting on the broker (for
 *                              example on a room subscription) before it is closed with 1008
 *                              (default 64)
 * @param rateBurst             frames one connection may send at once: the token bucket's size (default 20)
 * @param ratePerSecond         frames per second one connection may send on average: the bucket's
 *                              refill rate (default 10)
 * @param rateWarnings          RATE_LIMITED answers in a row after which a flooding connection is
 *                              closed with 1008 (default 10)
 * @param maxConnections        connections this instance accepts; more are refused with 1013
 *                              (default 18,000: below a 20,000 open-files limit)
 * @param maxConnectionsPerUser connections one userId may hold on this instance; more are refused
 *                              with 1008 (default 20)
 * @param outboundQueueBytes    UTF-8 bytes queued for one connection before it is closed as a slow
 *                              consumer with 1008 (default 1 MiB)
 * @param sendTimeoutMillis     how long one write to a connection may stay in flight before it is
 *                              closed as a slow consumer with 1008 (default 10,000)
 * @param maxConnectionsPerAddress connections one remote address may hold on this instance, where the
 *                              container tells the address; more are refused with 1008 (default 0: no
 *                              bound, since NATs and proxies put many users behind one address)
 * @param maxRooms              rooms with local members this instance holds at once; an ENTER that would
 *                              open one more is refused with TOO_MANY_ROOMS (default 100,000: about 70 MB
 *                              of heap; without it, connections times rooms per connection is the bound)
 */
public record ChatLimits(int maxRoomsPerConnection, int maxMessageChars,
                         int outboundQueueFrames, int maxPendingCommands,
                         int rateBurst, int ratePerSecond, int rateWarnings,
                         int maxConnections, int maxConnectionsPerUser,
                         long outboundQueueBytes, long sendTimeoutMillis, int maxConnectionsPerAddress,
                         int maxRooms) {

    public static final int DEFAULT_MAX_ROOMS_PER_CONNECTION = 100;
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 8_192;
    public static final int DEFAULT_OUTBOUND_QUEUE_FRAMES = 1_024;
    public static final int DEFAULT_MAX_PENDING_COMMANDS = 64;
    public static final int DEFAULT_RATE_BURST = 20;
    public static final int DEFAULT_RATE_PER_SECOND = 10;
    public static final int DEFAULT_RATE_WARNINGS = 10;
    public static final int DEFAULT_MAX_CONNECTIONS = 18_000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_USER = 20;
    public static final long DEFAULT_OUTBOUND_QUEUE_BYTES = 1L << 20;
    public static final long DEFAULT_SEND_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_MAX_ROOMS = 100_000;

    public ChatLimits {
        requirePositive("maxRoomsPerConnection", maxRoomsPerConnection);
        requirePositive("maxMessageChars", maxMessageChars);
        requirePositive("outboundQueueFrames", outboundQueueFrames);
        requirePositive("maxPendingCommands", maxPendingCommands);
        requirePositive("rateBurst", rateBurst);
        requirePositive("ratePerSecond", ratePerSecond);
        requirePositive("rateWarnings", rateWarnings);
        requirePositive("maxConnections", maxConnections);
        requirePositive("maxConnectionsPerUser", maxConnectionsPerUser);
        requirePositive("maxRooms", maxRooms);
        if (maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException("maxConnectionsPerAddress must not be negative, was " + maxConnectionsPerAddress);
        }
        if (outboundQueueBytes <= 0 || sendTimeoutMillis <= 0) {
            throw new IllegalArgumentException("outboundQueueBytes and sendTimeoutMillis must be positive, were "
                    + outboundQueueBytes + " and " + sendTimeoutMillis);
        }
    }

    /** The first four limits, with the flood and admission limits at their defaults. */
    public ChatLimits(int maxRoomsPerConnection, int maxMessageChars, int outboundQueueFrames, int maxPendingCommands) {
        this(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, maxPendingCommands, DEFAULT_RATE_BURST,
                DEFAULT_RATE_PER_SECOND, DEFAULT_RATE_WARNINGS, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_USER,
                DEFAULT_OUTBOUND_QUEUE_BYTES, DEFAULT_SEND_TIMEOUT_MILLIS, 0, DEFAULT_MAX_ROOMS);
    }

    public static ChatLimits defaults() {
        return new ChatLimits(DEFAULT_MAX_ROOMS_PER_CONNECTION, DEFAULT_MAX_MESSAGE_CHARS,
                DEFAULT_OUTBOUND_QUEUE_FRAMES, DEFAULT_MAX_PENDING_COMMANDS);
    }

    public ChatLimits withMaxRoomsPerConnection(int value) {
        return new ChatLimits(value, maxMessageChars, outboundQueueFrames, maxPendingCommands, rateBurst, ratePerSecond, rateWarnings, maxConnections, maxConnectionsPerUser, outboundQueueBytes, sendTimeoutMillis, maxConnectionsPerAddress, maxRooms);
    }

    public ChatLimits withMaxMessageChars(int value) {
        return new ChatLimits(maxRoomsPerConnection, value, outboundQueueFrames, maxPendingCommands, rateBurst, ratePerSecond, rateWarnings, maxConnections, maxConnectionsPerUser, outboundQueueBytes, sendTimeoutMillis, maxConnectionsPerAddress, maxRooms);
    }

    public ChatLimits withOutboundQueueFrames(int value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, value, maxPendingCommands, rateBurst, ratePerSecond, rateWarnings, maxConnections, maxConnectionsPerUser, outboundQueueBytes, sendTimeoutMillis, maxConnectionsPerAddress, maxRooms);
    }

    public ChatLimits withMaxPendingCommands(int value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, value, rateBurst, ratePerSecond, rateWarnings, maxConnections, maxConnectionsPerUser, outboundQueueBytes, sendTimeoutMillis, maxConnectionsPerAddress, maxRooms);
    }

    public ChatLimits withRateBurst(int value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, maxPendingCommands, value, ratePerSecond, rateWarnings, maxConnections, maxConnectionsPerUser, outboundQueueBytes, sendTimeoutMillis, maxConnectionsPerAddress, maxRooms);
    }

    public ChatLimits withRatePerSecond(int value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, maxPendingCommands, rateBurst, value, rateWarnings, maxConnections, maxConnectionsPerUser, outboundQueueBytes, sendTimeoutMillis, maxConnectionsPerAddress, maxRooms);
    }

    public ChatLimits withRateWarnings(int value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, maxPendingCommands, rateBurst, ratePerSecond, value, maxConnections, maxConnectionsPerUser, outboundQueueBytes, sendTimeoutMillis, maxConnectionsPerAddress, maxRooms);
    }

    public ChatLimits withMaxConnections(int value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, maxPendingCommands, rateBurst, ratePerSecond, rateWarnings, value, maxConnectionsPerUser, outboundQueueBytes, sendTimeoutMillis, maxConnectionsPerAddress, maxRooms);
    }

    public ChatLimits withMaxConnectionsPerUser(int value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, maxPendingCommands, rateBurst, ratePerSecond, rateWarnings, maxConnections, value, outboundQueueBytes, sendTimeoutMillis, maxConnectionsPerAddress, maxRooms);
    }

    public ChatLimits withOutboundQueueBytes(long value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, maxPendingCommands, rateBurst,
                ratePerSecond, rateWarnings, maxConnections, maxConnectionsPerUser, value, sendTimeoutMillis, maxConnectionsPerAddress, maxRooms);
    }

    public ChatLimits withSendTimeoutMillis(long value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, maxPendingCommands, rateBurst,
                ratePerSecond, rateWarnings, maxConnections, maxConnectionsPerUser, outboundQueueBytes, value, maxConnectionsPerAddress, maxRooms);
    }

    public ChatLimits withMaxConnectionsPerAddress(int value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, maxPendingCommands, rateBurst,
                ratePerSecond, rateWarnings, maxConnections, maxConnectionsPerUser, outboundQueueBytes, sendTimeoutMillis,
                value, maxRooms);
    }

    public ChatLimits withMaxRooms(int value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, maxPendingCommands, rateBurst,
                ratePerSecond, rateWarnings, maxConnections, maxConnectionsPerUser, outboundQueueBytes, sendTimeoutMillis,
                maxConnectionsPerAddress, value);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
