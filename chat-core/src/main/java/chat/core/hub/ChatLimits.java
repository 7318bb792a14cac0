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
        return builder().build();
    }

    /** A builder at the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these limits, to change some. */
    public Builder toBuilder() {
        return builder()
                .maxRoomsPerConnection(maxRoomsPerConnection)
                .maxMessageChars(maxMessageChars)
                .outboundQueueFrames(outboundQueueFrames)
                .maxPendingCommands(maxPendingCommands)
                .rateBurst(rateBurst)
                .ratePerSecond(ratePerSecond)
                .rateWarnings(rateWarnings)
                .maxConnections(maxConnections)
                .maxConnectionsPerUser(maxConnectionsPerUser)
                .outboundQueueBytes(outboundQueueBytes)
                .sendTimeoutMillis(sendTimeoutMillis)
                .maxConnectionsPerAddress(maxConnectionsPerAddress)
                .maxRooms(maxRooms);
    }

    /**
     * Whether {@code message} is over {@link #maxMessageChars()} characters, counted as code points
     * (a character outside the BMP is one character, as a user counts it), whoever wrote it.
     */
    public boolean messageTooLong(String message) {
        return message.length() > maxMessageChars && message.codePointCount(0, message.length()) > maxMessageChars;
    }

    public ChatLimits withMaxRoomsPerConnection(int value) {
        return toBuilder().maxRoomsPerConnection(value).build();
    }

    public ChatLimits withMaxMessageChars(int value) {
        return toBuilder().maxMessageChars(value).build();
    }

    public ChatLimits withOutboundQueueFrames(int value) {
        return toBuilder().outboundQueueFrames(value).build();
    }

    public ChatLimits withMaxPendingCommands(int value) {
        return toBuilder().maxPendingCommands(value).build();
    }

    public ChatLimits withRateBurst(int value) {
        return toBuilder().rateBurst(value).build();
    }

    public ChatLimits withRatePerSecond(int value) {
        return toBuilder().ratePerSecond(value).build();
    }

    public ChatLimits withRateWarnings(int value) {
        return toBuilder().rateWarnings(value).build();
    }

    public ChatLimits withMaxConnections(int value) {
        return toBuilder().maxConnections(value).build();
    }

    public ChatLimits withMaxConnectionsPerUser(int value) {
        return toBuilder().maxConnectionsPerUser(value).build();
    }

    public ChatLimits withOutboundQueueBytes(long value) {
        return toBuilder().outboundQueueBytes(value).build();
    }

    public ChatLimits withSendTimeoutMillis(long value) {
        return toBuilder().sendTimeoutMillis(value).build();
    }

    public ChatLimits withMaxConnectionsPerAddress(int value) {
        return toBuilder().maxConnectionsPerAddress(value).build();
    }

    public ChatLimits withMaxRooms(int value) {
        return toBuilder().maxRooms(value).build();
    }

    /** Limits one by one, each at its default until set; {@link #build} checks them all. */
    public static final class Builder {
        private int maxRoomsPerConnection = DEFAULT_MAX_ROOMS_PER_CONNECTION;
        private int maxMessageChars = DEFAULT_MAX_MESSAGE_CHARS;
        private int outboundQueueFrames = DEFAULT_OUTBOUND_QUEUE_FRAMES;
        private int maxPendingCommands = DEFAULT_MAX_PENDING_COMMANDS;
        private int rateBurst = DEFAULT_RATE_BURST;
        private int ratePerSecond = DEFAULT_RATE_PER_SECOND;
        private int rateWarnings = DEFAULT_RATE_WARNINGS;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerUser = DEFAULT_MAX_CONNECTIONS_PER_USER;
        private long outboundQueueBytes = DEFAULT_OUTBOUND_QUEUE_BYTES;
        private long sendTimeoutMillis = DEFAULT_SEND_TIMEOUT_MILLIS;
        private int maxConnectionsPerAddress = 0;
        private int maxRooms = DEFAULT_MAX_ROOMS;

        private Builder() {
        }

        public Builder maxRoomsPerConnection(int value) {
            this.maxRoomsPerConnection = value;
            return this;
        }

        public Builder maxMessageChars(int value) {
            this.maxMessageChars = value;
            return this;
        }

        public Builder outboundQueueFrames(int value) {
            this.outboundQueueFrames = value;
            return this;
        }

        public Builder maxPendingCommands(int value) {
            this.maxPendingCommands = value;
            return this;
        }

        public Builder rateBurst(int value) {
            this.rateBurst = value;
            return this;
        }

        public Builder ratePerSecond(int value) {
            this.ratePerSecond = value;
            return this;
        }

        public Builder rateWarnings(int value) {
            this.rateWarnings = value;
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        public Builder maxConnectionsPerUser(int value) {
            this.maxConnectionsPerUser = value;
            return this;
        }

        public Builder outboundQueueBytes(long value) {
            this.outboundQueueBytes = value;
            return this;
        }

        public Builder sendTimeoutMillis(long value) {
            this.sendTimeoutMillis = value;
            return this;
        }

        public Builder maxConnectionsPerAddress(int value) {
            this.maxConnectionsPerAddress = value;
            return this;
        }

        public Builder maxRooms(int value) {
            this.maxRooms = value;
            return this;
        }

        public ChatLimits build() {
            return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, maxPendingCommands, rateBurst, ratePerSecond, rateWarnings, maxConnections, maxConnectionsPerUser, outboundQueueBytes, sendTimeoutMillis, maxConnectionsPerAddress, maxRooms);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
