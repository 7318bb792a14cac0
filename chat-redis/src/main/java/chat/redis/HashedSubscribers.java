package chat.redis;

import redis.clients.jedis.HostAndPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscriber routing on one Redis: {@code REDIS_SUBSCRIBERS} connections (threads
 * {@code chat-redis-sub-<n>}), rooms spread over them by the hash of their id, so one room's
 * messages are always read, in Redis' order, by one thread. Channels are classic
 * ({@code <prefix>.room.<roomId>}).
 *
 * <p>Availability is all or nothing: Redis is available while every connection is up, and a
 * room's traffic can go only then. Logs one line per change of that state (connected, lost,
 * reconnected), never one per retry; when Redis is lost, the idle command connections are
 * forgotten too ({@code connectionsLost}). Each return after a loss counts as a reconnect.
 *
 * <p>Thread-safe: state changes are serialised by a lock of their own; the connections call in
 * from their threads.
 */
final class HashedSubscribers implements SubscriberRouting {
    private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());

    private final RedisConfig config;
    private final String instanceId;
    private final RoomKeys keys;
    private final Runnable connectionsLost;
    private final Object stateLock = new Object();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile List<RedisSubscriber> subscribers = List.of();
    private volatile boolean available;
    private boolean everAvailable; // guarded by stateLock
    private boolean closed; // guarded by stateLock
    private volatile RoomTraffic traffic;
    private volatile Runnable availabilityChanged = () -> { };

    /** @param connectionsLost run when Redis is lost: the command pools' idle connections died with it */
    HashedSubscribers(RedisConfig config, String instanceId, Runnable connectionsLost) {
        this.config = Objects.requireNonNull(config, "config");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.keys = new RoomKeys(config.prefix());
        this.connectionsLost = connectionsLost;
    }

    @Override
    public void start(RoomTraffic traffic, Runnable availabilityChanged) {
        this.traffic = traffic;
        this.availabilityChanged = availabilityChanged;
        HostAndPort address = new HostAndPort(config.host(), config.port());
        Duration deadAfter = config.pingInterval().multipliedBy(2); // silent for two heartbeats: dead
        List<RedisSubscriber> made = new ArrayList<>();
        for (int i = 0; i < config.subscribers(); i++) {
            made.add(new RedisSubscriber("chat-redis-sub-" + i, address,
                    JedisSettings.clientConfig(config, instanceId, "sub-" + i), keys.controlChannel(instanceId, i),
                    config.timeout(), deadAfter, config.reconnectMax(), PubSub.CLASSIC, new Events()));
        }
        subscribers = List.copyOf(made);
        made.forEach(RedisSubscriber::start);
    }

    @Override
    public CompletionStage<Void> subscribe(String roomId) {
        return subscriberFor(roomId).subscribe(keys.channel(roomId));
    }

    @Override
    public void unsubscribe(String roomId) {
        subscriberFor(roomId).unsubscribe(keys.channel(roomId));
    }

    @Override
    public List<String> rooms() {
        List<String> rooms = new ArrayList<>();
        subscribers.forEach(subscriber -> subscriber.wantedChannels().forEach(channel -> {
            String roomId = keys.roomOf(channel);
            if (roomId != null) {
                rooms.add(roomId);
            }
        }));
        return rooms;
    }

    @Override
    public Collection<RedisSubscriber> subscribers() {
        return subscribers;
    }

    @Override
    public boolean roomUp(String roomId) {
        return available;
    }

    @Override
    public boolean keyReachable(String key) {
        return true;
    }

    @Override
    public boolean isAvailable() {
        return available;
    }

    @Override
    public long reconnects() {
        return reconnects.get();
    }

    @Override
    public void close() {
        synchronized (stateLock) {
            closed = true;
            available = false;
        }
        subscribers.forEach(RedisSubscriber::close);
    }

    private RedisSubscriber subscriberFor(String roomId) {
        List<RedisSubscriber> all = subscribers;
        return all.get(Math.floorMod(roomId.hashCode(), all.size()));
    }

    private void stateChanged(String reason) {
        synchronized (stateLock) {
            boolean nowAvailable = !closed && subscribers.stream().allMatch(RedisSubscriber::isReady);
            if (nowAvailable == available || closed) {
                return;
            }
            available = nowAvailable;
            if (nowAvailable) {
                LOG.log(System.Logger.Level.INFO, "redis broker: {0} {1} ({2} subscriber connections, names"
                        + " prefixed {3})", everAvailable ? "reconnected to" : "connected to", config.safeUrl(),
                        String.valueOf(subscribers.size()), keys.prefix());
                if (everAvailable) {
                    reconnects.incrementAndGet();
                }
                everAvailable = true;
            } else {
                connectionsLost.run();
                LOG.log(System.Logger.Level.WARNING, "redis broker: lost {0}: {1}; room traffic is refused with"
                        + " UNAVAILABLE until it is back; reconnecting every <= {2} ms",
                        config.safeUrl(), reason, String.valueOf(config.reconnectMax().toMillis()));
            }
        }
        availabilityChanged.run();
    }

    /** What the connections report, on their threads. */
    private final class Events implements RedisSubscriber.Events {
        @Override
        public void onMessage(String channel, String text) {
            traffic.message(channel, text);
        }

        @Override
        public void onResubscribed(String channel) {
            traffic.resubscribed(channel);
        }

        @Override
        public void onReady(RedisSubscriber subscriber) {
            stateChanged("");
        }

        @Override
        public void onLost(RedisSubscriber subscriber, String reason) {
            stateChanged(subscriber.name() + ": " + reason);
        }
    }
}
