package chat.redis;

import chat.core.broker.BrokerUnavailableException;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisShardedPubSub;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Redis subscriber connection on its own named thread, with classic ({@code SUBSCRIBE}) or,
 * in Redis Cluster, sharded ({@code SSUBSCRIBE}) Pub/Sub. It keeps the set of channels this
 * instance wants; after every (re)connect it subscribes all of them again, so rooms with local
 * members survive a Redis restart without any client noticing more than the outage.
 *
 * <p>Readiness: the connection first subscribes a control channel of its own, then every wanted
 * channel; it is ready once all of those are confirmed. A subscription requested while it is not
 * connected fails at once with {@link BrokerUnavailableException} (the channel stays wanted and is
 * subscribed on connecting); one requested while the others are being re-subscribed is sent at
 * once. In sharded mode every channel gets its own SSUBSCRIBE, since channels of different slots
 * cannot share one. Redis answers commands in order, so
 * confirmations are matched to requests in order per channel (re-subscriptions after a reconnect
 * hold their place in that order too).
 *
 * <p>Liveness: {@link #heartbeat} (called periodically) subscribes the control channel again,
 * which Redis confirms like any subscription. Nothing heard for {@code deadAfter} (no
 * confirmation, no message), or not ready within {@code confirmTimeout + deadAfter} of
 * connecting, drops the connection; the thread then reconnects with backoff. The drop takes no
 * lock, so it also frees a writer stuck on a peer that stopped reading.
 */
final class RedisSubscriber implements AutoCloseable {

    /** What the broker hears from a subscriber. Called on the subscriber's thread. */
    interface Events {
        void onMessage(String channel, String message);

        /** A channel wanted before the connection was lost is subscribed again; its messages follow. */
        default void onResubscribed(String channel) {
        }

        /**
         * Sharded Pub/Sub: the server dropped a channel this connection wanted (its slot moved to
         * another node). The channel is no longer wanted here; the broker subscribes it where it is now.
         */
        default void onMovedAway(RedisSubscriber subscriber, String channel) {
        }

        void onReady(RedisSubscriber subscriber);

        void onLost(RedisSubscriber subscriber, String reason);
    }

    /** Holds a re-subscription's place among a channel's pending confirmations. */
    private static final CompletableFuture<Void> RESUBSCRIBED = new CompletableFuture<>();

    private final String name;
    private final HostAndPort address;
    private final JedisClientConfig clientConfig;
    private final String controlChannel;
    private final Duration confirmTimeout;
    private final Duration deadAfter;
    private final Duration reconnectMax;
    private final Events events;
    private final boolean sharded;
    private final Thread thread;

    /** Guards the fields below and every write to the connection. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Map<String, ArrayDeque<CompletableFuture<Void>>> unconfirmed = new HashMap<>();
    private final Set<String> resubscribing = new HashSet<>();
    private final Map<String, Integer> unsubscribing = new HashMap<>(); // our own, not yet confirmed
    private Channels pubSub;
    private boolean controlConfirmed;
    private volatile boolean ready;

    // read without the lock by heartbeat(), so a stuck writer cannot keep a dead connection alive
    private volatile Connection connection;
    private volatile long connectedNanos;
    private volatile long lastHeardNanos;
    private volatile boolean closing;

    RedisSubscriber(String name, HostAndPort address, JedisClientConfig clientConfig, String controlChannel,
                    Duration confirmTimeout, Duration deadAfter, Duration reconnectMax, Events events) {
        this(name, address, clientConfig, controlChannel, confirmTimeout, deadAfter, reconnectMax, events, false);
    }

    /** @param sharded use SSUBSCRIBE (Redis Cluster shard channels; all of them in slots this node owns) */
    RedisSubscriber(String name, HostAndPort address, JedisClientConfig clientConfig, String controlChannel,
                    Duration confirmTimeout, Duration deadAfter, Duration reconnectMax, Events events, boolean sharded) {
        this.sharded = sharded;
        this.name = name;
        this.address = address;
        this.clientConfig = clientConfig;
        this.controlChannel = controlChannel;
        this.confirmTimeout = confirmTimeout;
        this.deadAfter = deadAfter;
        this.reconnectMax = reconnectMax;
        this.events = events;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    String name() {
        return name;
    }

    String controlChannel() {
        return controlChannel;
    }

    void start() {
        thread.start();
    }

    boolean isReady() {
        return ready;
    }

    /** The channels this connection should be subscribed to, right now. */
    List<String> wantedChannels() {
        lock.lock();
        try {
            return List.copyOf(wanted);
        } finally {
            lock.unlock();
        }
    }

    /** Subscribes a channel; completes when Redis confirmed it. */
    CompletableFuture<Void> subscribe(String channel) {
        lock.lock();
        try {
            wanted.add(channel);
            if (!controlConfirmed) {
                // not connected: the channel is wanted and is subscribed as soon as the connection is up
                return CompletableFuture.failedFuture(new BrokerUnavailableException("redis is not connected"));
            }
            // connected (perhaps still re-subscribing the others): subscribe now, confirmed in order
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            // stays queued even if it times out, so later confirmations still match their requests
            unconfirmed.computeIfAbsent(channel, c -> new ArrayDeque<>()).addLast(confirmed);
            try {
                pubSub.subscribe(channel);
            } catch (RuntimeException e) {
                confirmed.completeExceptionally(new BrokerUnavailableException("redis subscribe failed: " + e.getMessage(), e));
            }
            return confirmed.orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** Stops receiving a channel (Redis' confirmation is not awaited). */
    void unsubscribe(String channel) {
        boolean nowReady = false;
        lock.lock();
        try {
            wanted.remove(channel);
            if (!controlConfirmed) {
                return; // not subscribed on this connection yet; the re-subscription leaves it out
            }
            if (resubscribing.remove(channel) && resubscribing.isEmpty()) {
                ready = true; // the room left while being subscribed again: nothing else is missing
                nowReady = true;
            }
            try {
                unsubscribing.merge(channel, 1, Integer::sum);
                pubSub.unsubscribe(channel);
            } catch (RuntimeException connectionBroken) {
                // the subscriber thread notices too; the next connection does not subscribe it
            }
        } finally {
            lock.unlock();
        }
        if (nowReady) {
            events.onReady(this);
        }
    }

    /**
     * Checks the connection is alive and asks Redis for a sign of life. Never blocks on a writer:
     * when the connection is busy the sign of life is skipped, and silence soon drops it.
     */
    void heartbeat() {
        Connection c = connection;
        if (c == null) {
            return;
        }
        long now = System.nanoTime();
        boolean dead = ready
                ? now - lastHeardNanos > deadAfter.toNanos()
                : now - connectedNanos > confirmTimeout.plus(deadAfter).toNanos();
        if (dead) {
            drop(c);
            return;
        }
        if (ready && lock.tryLock()) {
            try {
                pubSub.subscribe(controlChannel); // confirmed like any subscription: proof of life
            } catch (RuntimeException writeFailed) {
                drop(c);
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        Connection c = connection;
        if (c != null) {
            drop(c);
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Backoff backoff = new Backoff(reconnectMax);
        while (!closing) {
            Connection c = null;
            String lost = "connection closed";
            try {
                c = new Connection(address, clientConfig);
                Channels ps = sharded ? new Sharded() : new Classic();
                lock.lock();
                try {
                    if (closing) {
                        break;
                    }
                    pubSub = ps;
                    connectedNanos = System.nanoTime();
                    lastHeardNanos = connectedNanos;
                    connection = c;
                } finally {
                    lock.unlock();
                }
                ps.proceed(c, controlChannel); // runs until the connection fails or is dropped
            } catch (RuntimeException e) {
                lost = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } finally {
                boolean wasReady = disconnected(c);
                if (wasReady) {
                    backoff.reset();
                    if (!closing) {
                        events.onLost(this, lost);
                    }
                }
            }
            if (!closing) {
                try {
                    Thread.sleep(backoff.nextDelayMs());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Closes the socket without flushing and without the lock: unblocks the reader and any stuck writer. */
    private static void drop(Connection c) {
        try {
            c.forceDisconnect();
        } catch (IOException | RuntimeException alreadyClosed) {
            // nothing left to close
        }
    }

    /** Marks the connection gone, fails what waited on it and closes it; returns whether it was ready. */
    private boolean disconnected(Connection c) {
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        boolean wasReady;
        lock.lock();
        try {
            wasReady = ready;
            ready = false;
            controlConfirmed = false;
            connection = null;
            pubSub = null;
            resubscribing.clear();
            unsubscribing.clear();
            unconfirmed.values().forEach(failed::addAll);
            unconfirmed.clear();
        } finally {
            lock.unlock();
        }
        BrokerUnavailableException down = new BrokerUnavailableException("redis connection lost");
        failed.stream().filter(f -> f != RESUBSCRIBED).forEach(f -> f.completeExceptionally(down));
        if (c != null) {
            drop(c);
        }
        return wasReady;
    }

    /**
     * Redis confirmed a subscription. The first confirmation of the control channel starts the
     * re-subscription of every wanted channel; later ones are heartbeats. A room's confirmation
     * answers the oldest pending request for that room.
     */
    private void confirmed(String channel) {
        lastHeardNanos = System.nanoTime();
        boolean nowReady = false;
        boolean resubscribed = false;
        CompletableFuture<Void> request = null;
        lock.lock();
        try {
            if (channel.equals(controlChannel)) {
                if (controlConfirmed) {
                    return; // a heartbeat
                }
                controlConfirmed = true;
                if (wanted.isEmpty()) {
                    ready = true;
                    nowReady = true;
                } else {
                    for (String room : wanted) {
                        resubscribing.add(room);
                        unconfirmed.computeIfAbsent(room, r -> new ArrayDeque<>()).addLast(RESUBSCRIBED);
                    }
                    if (sharded) {
                        // one SSUBSCRIBE per channel: channels of different slots in one call fail with CROSSSLOT
                        for (String room : wanted) {
                            pubSub.subscribe(room);
                        }
                    } else {
                        pubSub.subscribe(wanted.toArray(new String[0]));
                    }
                }
            } else {
                ArrayDeque<CompletableFuture<Void>> waiting = unconfirmed.get(channel);
                if (waiting != null) {
                    request = waiting.pollFirst();
                    if (waiting.isEmpty()) {
                        unconfirmed.remove(channel);
                    }
                }
                if (request == RESUBSCRIBED) {
                    request = null;
                    resubscribed = wanted.contains(channel);
                    if (resubscribing.remove(channel) && resubscribing.isEmpty() && !ready) {
                        ready = true;
                        nowReady = true;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (request != null) {
            request.complete(null);
        }
        if (resubscribed) {
            events.onResubscribed(channel); // on this thread, before any message of the channel is read
        }
        if (nowReady) {
            events.onReady(this);
        }
    }

    /**
     * The server dropped a channel. Our own unsubscriptions are expected; any other one, of a
     * channel still wanted, means its slot moved (sharded Pub/Sub): the broker re-routes it. Losing
     * the control channel leaves this connection without proof of life: it is replaced.
     */
    private void unsubscribed(String channel) {
        boolean movedAway = false;
        boolean nowReady = false;
        lock.lock();
        try {
            Integer ours = unsubscribing.get(channel);
            if (ours != null) {
                if (ours == 1) {
                    unsubscribing.remove(channel);
                } else {
                    unsubscribing.put(channel, ours - 1);
                }
                return;
            }
            if (channel.equals(controlChannel)) {
                Connection c = connection;
                if (c != null) {
                    drop(c);
                }
                return;
            }
            if (wanted.remove(channel)) {
                movedAway = true;
                ArrayDeque<CompletableFuture<Void>> waiting = unconfirmed.remove(channel);
                if (waiting != null) {
                    BrokerUnavailableException moved = new BrokerUnavailableException("the room moved to another redis node");
                    waiting.stream().filter(f -> f != RESUBSCRIBED).forEach(f -> f.completeExceptionally(moved));
                }
                if (resubscribing.remove(channel) && resubscribing.isEmpty() && controlConfirmed && !ready) {
                    ready = true;
                    nowReady = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (movedAway) {
            events.onMovedAway(this, channel);
        }
        if (nowReady) {
            events.onReady(this);
        }
    }

    /** Subscribing in the connection's flavour of Pub/Sub. Called under the lock (or by the reader thread). */
    private interface Channels {
        void subscribe(String... channels);

        void unsubscribe(String channel);

        /** Subscribes {@code first} and reads until the connection ends. */
        void proceed(Connection connection, String first);
    }

    private final class Classic extends JedisPubSub implements Channels {
        @Override
        public void onMessage(String channel, String message) {
            lastHeardNanos = System.nanoTime();
            events.onMessage(channel, message);
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            confirmed(channel);
        }

        @Override
        public void onUnsubscribe(String channel, int subscribedChannels) {
            unsubscribed(channel);
        }

        @Override
        public void unsubscribe(String channel) {
            super.unsubscribe(channel);
        }

        @Override
        public void proceed(Connection connection, String first) {
            super.proceed(connection, first);
        }
    }

    private final class Sharded extends JedisShardedPubSub implements Channels {
        @Override
        public void onSMessage(String channel, String message) {
            lastHeardNanos = System.nanoTime();
            events.onMessage(channel, message);
        }

        @Override
        public void onSSubscribe(String channel, int subscribedChannels) {
            confirmed(channel);
        }

        @Override
        public void onSUnsubscribe(String channel, int subscribedChannels) {
            lastHeardNanos = System.nanoTime();
            unsubscribed(channel);
        }

        @Override
        public void subscribe(String... channels) {
            ssubscribe(channels);
        }

        @Override
        public void unsubscribe(String channel) {
            sunsubscribe(channel);
        }

        @Override
        public void proceed(Connection connection, String first) {
            super.proceed(connection, first);
        }
    }
}
