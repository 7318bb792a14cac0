package chat.core.broker;

/**
 * One subscriber connection of a broker, for health reports and metrics.
 *
 * @param shard      the backend node it reads from, such as {@code 127.0.0.1:6379}
 * @param connection its name, such as {@code chat-redis-sub-0}
 * @param up         whether it is connected with all its rooms subscribed
 * @param rooms      rooms it is meant to carry
 */
public record SubscriberStatus(String shard, String connection, boolean up, int rooms) {
}
