package chat.redis;

import chat.core.BrokerListener;
import chat.core.ChatCodec;
import chat.core.ChatMessage;

/**
 * Hands what a subscriber connection reads to the broker's listener: room messages decoded, and
 * re-subscribed rooms. Other channels (control channels) and text that is not a chat message are
 * ignored; a listener that throws is logged, so one failing delivery cannot take the subscriber
 * connection (and its other rooms) down. Both Redis brokers use it.
 */
final class RoomTraffic {
    private static final System.Logger LOG = System.getLogger(RoomTraffic.class.getName());

    private final RoomKeys keys;
    private final ChatCodec codec;
    private final BrokerListener listener;

    RoomTraffic(RoomKeys keys, ChatCodec codec, BrokerListener listener) {
        this.keys = keys;
        this.codec = codec;
        this.listener = listener;
    }

    /** A message read on {@code channel}. */
    void message(String channel, String text) {
        if (keys.roomOf(channel) == null) {
            return;
        }
        ChatMessage message;
        try {
            message = codec.decodeMessage(text);
        } catch (IllegalArgumentException notOurs) {
            LOG.log(System.Logger.Level.DEBUG, "redis: ignoring a message on {0} that is not a chat message", channel);
            return;
        }
        try {
            listener.onMessage(message);
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "redis: delivering a message of " + channel + " failed", bug);
        }
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
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "redis: recovering room " + roomId + " failed", bug);
        }
    }
}
