package chat.core;

/**
 * The per-connection bounds the hub and codec enforce.
 *
 * @param maxRoomsPerConnection rooms one connection may be in at once (default 100)
 * @param maxMessageChars       characters in a frame's {@code message} (default 8,192)
 * @param outboundQueueFrames   frames queued for one connection before it is closed as a slow
 *                              consumer with 1008 (default 1,024)
 * @param maxPendingCommands    client commands of one connection waiting on the broker (for
 *                              example on a room subscription) before it is closed with 1008
 *                              (default 64)
 */
public record ChatLimits(int maxRoomsPerConnection, int maxMessageChars,
                         int outboundQueueFrames, int maxPendingCommands) {

    public static final int DEFAULT_MAX_ROOMS_PER_CONNECTION = 100;
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 8_192;
    public static final int DEFAULT_OUTBOUND_QUEUE_FRAMES = 1_024;
    public static final int DEFAULT_MAX_PENDING_COMMANDS = 64;

    public ChatLimits {
        requirePositive("maxRoomsPerConnection", maxRoomsPerConnection);
        requirePositive("maxMessageChars", maxMessageChars);
        requirePositive("outboundQueueFrames", outboundQueueFrames);
        requirePositive("maxPendingCommands", maxPendingCommands);
    }

    public static ChatLimits defaults() {
        return new ChatLimits(DEFAULT_MAX_ROOMS_PER_CONNECTION, DEFAULT_MAX_MESSAGE_CHARS,
                DEFAULT_OUTBOUND_QUEUE_FRAMES, DEFAULT_MAX_PENDING_COMMANDS);
    }

    public ChatLimits withMaxRoomsPerConnection(int value) {
        return new ChatLimits(value, maxMessageChars, outboundQueueFrames, maxPendingCommands);
    }

    public ChatLimits withMaxMessageChars(int value) {
        return new ChatLimits(maxRoomsPerConnection, value, outboundQueueFrames, maxPendingCommands);
    }

    public ChatLimits withOutboundQueueFrames(int value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, value, maxPendingCommands);
    }

    public ChatLimits withMaxPendingCommands(int value) {
        return new ChatLimits(maxRoomsPerConnection, maxMessageChars, outboundQueueFrames, value);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
