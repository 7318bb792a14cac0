package chat.redis;

import chat.core.broker.Broker;
import chat.core.broker.BrokerUnavailableException;
import chat.core.history.HistoryPolicy;

import java.util.Objects;

/**
 * A {@link Broker} over Redis Cluster with sharded Pub/Sub: each room has a shard channel
 * ({@code <prefix>.room.{<roomId>}}, see {@link RoomKeys}) in the slot of its counter and history
 * keys, so the script that numbers, stores and publishes a TALK ({@code SPUBLISH}) runs on the one
 * node that owns the room, and no other node sees the room's traffic.
 *
 * <p>One subscriber connection per master node carries the rooms whose slot that node owns, and
 * follows the slot map as it changes ({@link SlotMapSubscribers}): a room whose node changed is
 * subscribed on the new one, and the listener is told, so it reads what it missed from the
 * history. Availability is per shard: while a node is unreachable, traffic of its rooms is refused
 * with {@link BrokerUnavailableException} and other rooms are unaffected.
 *
 * <p>History is kept as on one Redis, within {@code HISTORY_MAX_ROOMS} for the whole deployment
 * ({@link HistoryRooms}: the index of rooms is one key, in a slot of its own; a dropped room's keys
 * are deleted on the room's node). Commands run on cluster clients with {@code REDIS_PUBLISHERS}
 * and {@code REDIS_READERS} connections per node ({@link ClusterClients}); the rest is
 * {@link RedisBrokerShell}'s.
 */
public final class RedisClusterBroker extends RedisBrokerShell {

    /** @throws IllegalArgumentException when {@code config} is not a cluster's ({@code REDIS_CLUSTER_NODES}) */
    public RedisClusterBroker(RedisConfig config, String instanceId, HistoryPolicy history) {
        this(requireCluster(config), instanceId, history, new ClusterClients(config, instanceId));
    }

    private RedisClusterBroker(RedisConfig config, String instanceId, HistoryPolicy history, ClusterClients clients) {
        super(BrokerKind.REDIS_CLUSTER, config, instanceId, history, clients,
                new SlotMapSubscribers(config, instanceId, clients));
    }

    private static RedisConfig requireCluster(RedisConfig config) {
        if (!Objects.requireNonNull(config, "config").isCluster()) {
            throw new IllegalArgumentException("not a cluster configuration: " + config.safeUrl());
        }
        return config;
    }
}
