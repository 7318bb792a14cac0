package chat.runner.redis;

import chat.core.BrokerUnavailableException;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;

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

/**
 * One Redis subscriber connection on its own named thread. It keeps the set of channels this
 * instance wants; after every (re)connect it subscribes all of them again, so rooms with local
 * members survive a Redis restart without any client noticing more than the outage.
 *
 * <p>The connection first subscribes a control channel of its own; its confirmation marks the
 * connection ready. A subscription requested while the connection is not ready fails at once with
 * {@link BrokerUnavailableException}. Confirmations are matched to requests in order per channel,
 * as Redis answers commands in order.
 *
 * <p>Half-open connections: {@link #ping} (called periodically) sends a PING; a PING unanswered
 * after {@code deadAfter} drops the connection, and the thread reconnects with backoff.
 */
final class RedisSubscriber implements AutoCloseable {

    /** What the broker hears from a subscriber. Called on the subscriber's thread. */
    interface Events {
        void onMessage(String channel, String message);

        void onReady(RedisSubscriber subscriber);

        void onLost(RedisSubscriber subscriber, String reason);
    }

    private final String name;
    private final HostAndPort address;
    private final JedisClientConfig clientConfig;
    private final String controlChannel;
    private final Duration confirmTimeout;
    private final Duration deadAfter;
    private final Duration reconnectMax;
    private final Events events;
    private final Thread thread;

    private final Object lock = new Object();
    // guarded by lock
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Map<String, ArrayDeque<CompletableFuture<Void>>> unconfirmed = new HashMap<>();
    private final Set<String> resubscribing = new HashSet<>();
    private Connection connection;
    private PubSub pubSub;
    private boolean ready;
    private long pingSentNanos; // 0 when no PING is outstanding
    private volatile boolean closing;

    RedisSubscriber(String name, HostAndPort address, JedisClientConfig clientConfig, String controlChannel,
                    Duration confirmTimeout, Duration deadAfter, Duration reconnectMax, Events events) {
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

    void start() {
        thread.start();
    }

    boolean isReady() {
        synchronized (lock) {
            return ready;
        }
    }

    /** Subscribes a channel; completes when Redis confirmed it. */
    CompletableFuture<Void> subscribe(String channel) {
        synchronized (lock) {
            wanted.add(channel);
            if (!ready) {
                return CompletableFuture.failedFuture(new BrokerUnavailableException("redis is not connected"));
            }
            CompletableFuture<Void> confirmed = new CompletableFuture<>();
            // stays queued even if it times out, so later confirmations still match their requests
            unconfirmed.computeIfAbsent(channel, c -> new ArrayDeque<>()).addLast(confirmed);
            try {
                pubSub.subscribe(channel);
            } catch (RuntimeException e) {
                confirmed.completeExceptionally(new BrokerUnavailableException("redis subscribe failed: " + e.getMessage(), e));
            }
            return confirmed.orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops receiving a channel (Redis' confirmation is not awaited). */
    void unsubscribe(String channel) {
        boolean nowReady = false;
        synchronized (lock) {
            wanted.remove(channel);
            if (pubSub == null) {
                return; // down: the next connection will not subscribe it
            }
            if (resubscribing.remove(channel) && resubscribing.isEmpty()) {
                ready = true; // the room left while being subscribed again: nothing else is missing
                nowReady = true;
            }
            try {
                pubSub.unsubscribe(channel);
            } catch (RuntimeException notYetOrNoLongerConnected) {
                // the channel is no longer wanted, so the next (re)subscription leaves it out
            }
        }
        if (nowReady) {
            events.onReady(this);
        }
    }

    /** Sends a PING, or drops the connection when the previous one went unanswered too long. */
    void ping() {
        synchronized (lock) {
            if (!ready) {
                return;
            }
            long now = System.nanoTime();
            if (pingSentNanos != 0) {
                if (now - pingSentNanos > deadAfter.toNanos()) {
                    pingSentNanos = 0;
                    connection.disconnect(); // the subscriber thread's read fails and it reconnects
                }
                return;
            }
            try {
                pubSub.ping();
                pingSentNanos = now;
            } catch (RuntimeException connectionBroken) {
                connection.disconnect();
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        synchronized (lock) {
            if (connection != null) {
                connection.disconnect();
            }
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
                PubSub ps = new PubSub();
                synchronized (lock) {
                    connection = c;
                    pubSub = ps;
                }
                ps.proceed(c, controlChannel); // runs until the connection fails or closes
            } catch (RuntimeException e) {
                lost = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            boolean wasReady = disconnected(c);
            if (wasReady) {
                backoff.reset();
                if (!closing) {
                    events.onLost(this, lost);
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

    /** Marks the connection gone, fails what waited on it and closes it; returns whether it was ready. */
    private boolean disconnected(Connection c) {
        List<CompletableFuture<Void>> failed = new ArrayList<>();
        boolean wasReady;
        synchronized (lock) {
            wasReady = ready;
            ready = false;
            connection = null;
            pubSub = null;
            pingSentNanos = 0;
            resubscribing.clear();
            unconfirmed.values().forEach(failed::addAll);
            unconfirmed.clear();
        }
        BrokerUnavailableException down = new BrokerUnavailableException("redis connection lost");
        failed.forEach(f -> f.completeExceptionally(down));
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException alreadyBroken) {
                // nothing left to release
            }
        }
        return wasReady;
    }

    /**
     * Redis confirmed a subscription. The connection becomes ready once its control channel and
     * every wanted room are subscribed again, so nothing published after the broker reports itself
     * available can miss a room this instance hosts.
     */
    private void confirmed(String channel) {
        boolean nowReady = false;
        synchronized (lock) {
            if (channel.equals(controlChannel)) {
                if (wanted.isEmpty()) {
                    ready = true;
                    nowReady = true;
                } else {
                    resubscribing.addAll(wanted);
                    pubSub.subscribe(wanted.toArray(new String[0]));
                }
            } else if (!ready && resubscribing.remove(channel) && resubscribing.isEmpty()) {
                ready = true;
                nowReady = true;
            }
        }
        if (nowReady) {
            events.onReady(this);
            return;
        }
        CompletableFuture<Void> request = null;
        synchronized (lock) {
            ArrayDeque<CompletableFuture<Void>> waiting = unconfirmed.get(channel);
            if (waiting != null) {
                request = waiting.pollFirst();
                if (waiting.isEmpty()) {
                    unconfirmed.remove(channel);
                }
            }
        }
        if (request != null) {
            request.complete(null);
        }
    }

    private final class PubSub extends JedisPubSub {
        @Override
        public void onMessage(String channel, String message) {
            events.onMessage(channel, message);
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            confirmed(channel);
        }

        @Override
        public void onPong(String pattern) {
            synchronized (lock) {
                pingSentNanos = 0;
            }
        }
    }
}
