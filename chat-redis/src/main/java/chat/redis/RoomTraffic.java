package chat.redis;

import chat.core.broker.BrokerListener;
import chat.core.events.ThrottledWarning;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;

import java.time.Duration;

/**
 * Hands what a subscriber connection reads to the broker's listener: room messages decoded, and
 * re-subscribed rooms. Both Redis brokers use it.
 *
 * <p>What arrives on a room channel is not trusted: anyone who can reach Redis can publish there.
 * A message is handed on only if it decodes as a valid chat message ({@link ChatCodec#decodeMessage}
 * checks its type, ids, text, ts and seq) and names the room of the channel it came on; anything
 * else is dropped and reported to the listener ({@link BrokerListener#invalidMessageDropped}), and
 * logged at most once a minute, without a stack trace, so a flood cannot flood the log. Other
 * channels (control channels) are ignored. A listener that throws is logged, so one failing
 * delivery cannot take the subscriber connection (and its other rooms) down.
 *
 * <p>Thread-safe: each subscriber connection calls in from its own thread.
 */
final class RoomTraffic {
    private static final System.Logger LOG = System.getLogger(RoomTraffic.class.getName());
    static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private final RoomKeys keys;
    private final ChatCodec codec;
    private final BrokerListener listener;
    private final ThrottledWarning dropped = new ThrottledWarning(LOG, WARNING_INTERVAL);

    RoomTraffic(RoomKeys keys, ChatCodec codec, BrokerListener listener) {
        this.keys = keys;
        this.codec = codec;
        this.listener = listener;
    }

    /** A message read on {@code channel}. */
    void message(String channel, String text) {
        String roomId = keys.roomOf(channel);
        if (roomId == null) {
            return;
        }
        ChatMessage message;
        try {
            message = codec.decodeMessage(text);
        } catch (RuntimeException notAChatMessage) { // IllegalArgumentException, or anything a malformed value causes
            drop(channel, printable(notAChatMessage.getMessage()));
            return;
        }
        if (!message.roomId().equals(roomId)) {
            drop(channel, "it names another room");
            return;
        }
        try {
            listener.onMessage(message);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable bug) { // an Error too: it must not end the subscriber connection's thread
            LOG.log(System.Logger.Level.ERROR, "redis: delivering a message of " + channel + " failed", bug);
        }
    }

    private void drop(String channel, String reason) {
        try {
            listener.invalidMessageDropped();
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "redis: reporting a dropped message of " + channel + " failed", bug);
        }
        dropped.occurred(count -> "redis: dropped " + count + " message(s) on room channels of prefix " + keys.prefix()
                + " that were not chat messages of their room (the latest on " + channel + ": " + reason + ");"
                + " something besides this deployment's instances publishes on its channels: check REDIS_PREFIX and"
                + " who may write to Redis. At most one such line a minute");
    }

    /** Text from outside, for a log line: printable ASCII, at most 160 characters. */
    static String printable(String text) {
        if (text == null) {
            return "not a chat message";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 160));
        for (int i = 0; i < text.length() && out.length() < 160; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    /** {@code channel} was subscribed again after its subscription was lost: the room may recover. */
    void resubscribed(String channel) {
        String roomId = keys.roomOf(channel);
        if (roomId != null) {
            resubscribedRoom(roomId);
        }
    }

    void resubscribedRoom(String roomId) {
        try {
            listener.onResubscribed(roomId);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable bug) {
            LOG.log(System.Logger.Level.ERROR, "redis: recovering room " + roomId + " failed", bug);
        }
    }
}
