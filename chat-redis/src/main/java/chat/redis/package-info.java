/**
 * The Redis brokers: {@link chat.redis.RedisBroker} over one Redis and
 * {@link chat.redis.RedisClusterBroker} over a Redis Cluster, picked by {@link chat.redis.Brokers#of}
 * from a {@link chat.redis.RedisConfig} (the {@code REDIS_*} settings).
 *
 * <p>One mechanism, two strategies. {@link chat.redis.RedisBrokerShell} is everything both do
 * (lifecycle, command pools, publishing and the TALK script, history reads, retention and the
 * history-rooms index, heartbeats, health); what differs sits behind small interfaces:
 * {@link chat.redis.SubscriberRouting} (which connection carries a room, and whether its Redis is
 * reachable: {@code HashedSubscribers}, or {@code SlotMapSubscribers} over its
 * {@code ShardConnections}),
 * {@link chat.redis.CommandClients} (the pools commands run on: {@code StandaloneClients} or
 * {@code ClusterClients}), {@code PubSub} (classic or sharded channels) and {@code BrokerKind}
 * (the names operators and clients see). A subscriber connection is {@code RedisSubscriber} (its
 * thread and reconnect loop) with its {@code SubscriptionBook}, {@code SubscriberHeartbeat} and
 * {@code PubSubSession}. Redis names are {@code RoomKeys}'; the Lua scripts {@code HistoryScripts}'
 * and {@code HistoryRooms}'.
 *
 * <p>Uses chat-core's broker contract, protocol, history model and events, and Jedis; nothing of
 * the endpoint, the runner or any container.
 */
package chat.redis;
