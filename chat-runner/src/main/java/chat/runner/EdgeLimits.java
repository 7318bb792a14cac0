package chat.runner;

import chat.endpoint.ChatEndpoint;

/**
 * What the runner's filters in front of Tyrus enforce on each connection, before the chat hub
 * sees it.
 *
 * @param maxFramePayload         the largest frame payload a client may announce (64 KiB, part of the
 *                                protocol); a larger one closes the connection with 1009
 * @param handshakeDeadlineMillis {@code HANDSHAKE_TIMEOUT_MS}: how long an accepted connection may take
 *                                to be answered 101 before its socket is terminated
 * @param closeDeadlineMillis     {@code SEND_TIMEOUT_MS}: how long a connection may take to close after
 *                                the server's close frame before its socket is terminated
 * @param pingBurst               {@code RATE_BURST}: pings one connection may send at once
 * @param pingsPerSecond          {@code RATE_PER_SECOND}: pings per second one connection may send on
 *                                average; past the bucket it is closed with 1008
 * @param writeQueueBytes         {@code OUTBOUND_QUEUE_BYTES} plus {@link WriteQueueBound#SLACK_BYTES}: bytes
 *                                that may wait in one WebSocket's socket write queue beyond the data frame in
 *                                flight before the connection is terminated
 */
record EdgeLimits(int maxFramePayload, long handshakeDeadlineMillis, long closeDeadlineMillis,
                  int pingBurst, int pingsPerSecond, long writeQueueBytes) {

    EdgeLimits {
        if (maxFramePayload <= 0 || handshakeDeadlineMillis <= 0 || closeDeadlineMillis <= 0
                || pingBurst <= 0 || pingsPerSecond <= 0 || writeQueueBytes <= 0) {
            throw new IllegalArgumentException("edge limits must be positive: " + maxFramePayload + ", "
                    + handshakeDeadlineMillis + ", " + closeDeadlineMillis + ", " + pingBurst + ", " + pingsPerSecond
                    + ", " + writeQueueBytes);
        }
    }

    static EdgeLimits of(ServerConfig config) {
        return new EdgeLimits(ChatEndpoint.MAX_FRAME_BYTES, config.handshakeTimeout().toMillis(),
                config.limits().sendTimeoutMillis(), config.limits().rateBurst(), config.limits().ratePerSecond(),
                config.limits().outboundQueueBytes() + WriteQueueBound.SLACK_BYTES);
    }
}
