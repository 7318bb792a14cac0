package chat.redis;

import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Redis' two flavours of Pub/Sub, as the brokers use them:
 * <ul>
 *   <li>{@link #CLASSIC} on one Redis: {@code PUBLISH} and {@code SUBSCRIBE} on a room's channel
 *       {@code <prefix>.room.<roomId>};</li>
 *   <li>{@link #SHARDED} in a Redis Cluster: {@code SPUBLISH} and {@code SSUBSCRIBE} on the room's
 *       shard channel {@code <prefix>.room.{<roomId>}}, in the slot of the room's keys, so only
 *       the node that owns the room carries its traffic.</li>
 * </ul>
 * Immutable.
 */
enum PubSub {
    CLASSIC("PUBLISH") {
        @Override
        String channel(RoomKeys keys, String roomId) {
            return keys.channel(roomId);
        }

        @Override
        void publish(UnifiedJedis redis, String channel, String message) {
            redis.publish(channel, message);
        }
    },
    SHARDED("SPUBLISH") {
        @Override
        String channel(RoomKeys keys, String roomId) {
            return keys.shardChannel(roomId);
        }

        /** @param redis a {@link RedisClusterClient}: only the cluster client routes SPUBLISH to the channel's node */
        @Override
        void publish(UnifiedJedis redis, String channel, String message) {
            ((RedisClusterClient) redis).spublish(channel, message);
        }
    };

    private final String publishCommand;

    PubSub(String publishCommand) {
        this.publishCommand = publishCommand;
    }

    /** The channel a room's traffic is published and subscribed on. */
    abstract String channel(RoomKeys keys, String roomId);

    /** Publishes {@code message} on {@code channel} with this flavour's command. */
    abstract void publish(UnifiedJedis redis, String channel, String message);

    /** The publishing command, for a Lua script's {@code redis.call}. */
    String publishCommand() {
        return publishCommand;
    }
}
