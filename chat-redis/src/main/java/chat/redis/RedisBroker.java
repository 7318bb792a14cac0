package chat.redis;

import chat.core.broker.Broker;
import chat.core.broker.BrokerUnavailableException;
import chat.core.history.HistoryPolicy;

/**
 * A {@link Broker} over one Redis' Pub/Sub, one channel per room ({@code <prefix>.room.<roomId>}),
 * with each room's history in a capped stream ({@code <prefix>:{<roomId>}:history}) numbered by a
 * counter ({@code <prefix>:{<roomId>}:seq}); a Lua script numbers, stores and publishes a TALK in
 * one step. The prefix ({@link RedisConfig#prefix()}, see {@link RoomKeys}) keeps deployments that
 * share a Redis apart: Pub/Sub channels are server-wide, whatever the database.
 *
 * <p>Rooms are spread by hash over {@code REDIS_SUBSCRIBERS} subscriber connections, each with its
 * own thread, so one room's messages are always read, in Redis' order, by one thread
 * ({@link HashedSubscribers}). While a subscriber connection is down the broker is unavailable:
 * publish and subscribe fail at once with {@link BrokerUnavailableException}, and the subscribers
 * reconnect with capped, jittered backoff, then subscribe again to every room that still has
 * local members; the listener is told of each room subscribed again and reads what it missed from
 * the history. Logs one line per change of state (connected, lost), never one per retry.
 *
 * <p>Publishing, history reads and retention are those of every Redis broker: see
 * {@link RedisBrokerShell}. Usage:
 * <pre>{@code
 * Broker broker = new RedisBroker(RedisConfig.fromUrl("redis://127.0.0.1:6379"), "east", HistoryPolicy.DEFAULT);
 * broker.start(listener);   // returns once connected, or after REDIS_TIMEOUT_MS while it keeps trying
 * ...
 * broker.close();
 * }</pre>
 */
public final class RedisBroker extends RedisBrokerShell {

    public RedisBroker(RedisConfig config, String instanceId) {
        this(config, instanceId, HistoryPolicy.DEFAULT);
    }

    public RedisBroker(RedisConfig config, String instanceId, HistoryPolicy history) {
        this(config, instanceId, history, new StandaloneClients(config, instanceId));
    }

    private RedisBroker(RedisConfig config, String instanceId, HistoryPolicy history, StandaloneClients clients) {
        super(BrokerKind.REDIS, config, instanceId, history, clients,
                new HashedSubscribers(config, instanceId, clients::forgetIdleConnections));
    }
}
