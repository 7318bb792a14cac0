package chat.redis;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Which subscriber connection carries a room, and whether the Redis behind a room can take its
 * traffic now: the part in which one Redis and a Redis Cluster differ. The rest (lifecycle,
 * commands, history, retention, health) is {@link RedisBrokerShell}'s, the same for both.
 * <ul>
 *   <li>{@link HashedSubscribers}: a fixed number of connections to one Redis
 *       ({@code REDIS_SUBSCRIBERS}), rooms spread over them by hash; Redis is available while
 *       every connection is up.</li>
 *   <li>{@link SlotMapSubscribers}: one connection per cluster master, following the slot map;
 *       availability is per shard.</li>
 * </ul>
 *
 * <p>Contract: subscribe and unsubscribe of one room take effect in call order, subscribe
 * completes once Redis confirmed it (or fails with {@code BrokerUnavailableException}); every
 * message read goes to the {@link RoomTraffic} given at start, and a room subscribed again after
 * its subscription was lost is reported there before its next message. Lifecycle: {@link #start}
 * once, {@link #close} once (by the shell). Thread-safe.
 */
interface SubscriberRouting {

    /**
     * Starts connecting in the background and returns at once.
     *
     * @param availabilityChanged run whenever {@link #isAvailable} may have changed
     */
    void start(RoomTraffic traffic, Runnable availabilityChanged);

    CompletionStage<Void> subscribe(String roomId);

    /** Stops receiving the room (Redis' confirmation is not awaited). */
    void unsubscribe(String roomId);

    /** The rooms subscribed on this instance now: those whose histories it keeps alive. */
    List<String> rooms();

    /** The subscriber connections now, for their heartbeats and the health report. */
    Collection<RedisSubscriber> subscribers();

    /** Whether the room's traffic can go now: the connection that carries it is up. */
    boolean roomUp(String roomId);

    /** Whether the node of a key's slot can take a command now; always true on one Redis. */
    boolean keyReachable(String key);

    /** True while every subscriber connection is up. */
    boolean isAvailable();

    /** How often a connection (one Redis) or a shard (a cluster) came back after it was lost. */
    long reconnects();

    /** Closes the subscriber connections and whatever finds them. */
    void close();
}
