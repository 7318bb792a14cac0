package chat.redis;

import chat.core.broker.BrokerUnavailableException;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One Redis subscriber connection on its own named thread, with classic or, in Redis Cluster,
 * sharded Pub/Sub ({@link PubSub}). It keeps the set of channels this instance wants
 * ({@link SubscriptionBook}); after every (re)connect it subscribes all of them again, so rooms with
 * local members survive a Redis restart without any client noticing more than the outage. A
 * connection that stops answering is found by its {@link SubscriberHeartbeat}, dropped and
 * replaced; reconnecting waits a capped, jittered {@link Backoff}.
 *
 * <p>Lifecycle: {@link #start} once, {@link #close} is idempotent and waits up to two seconds for
 * the thread. Thread-safety: every method may be called from any thread; {@link Events} are called
 * on the subscriber's own thread, one at a time, never under its lock. Dropping a connection takes
 * no lock, so it also frees a writer stuck on a peer that stopped reading.
 */
final class RedisSubscriber implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisSubscriber.class.getName());
    private static final Duration JOIN = Duration.ofSeconds(2);

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

    private final String name;
    private final HostAndPort address;
    private final JedisClientConfig clientConfig;
    private final Duration reconnectMax;
    private final PubSub flavour;
    private final Events events;
    private final SubscriptionBook book;
    private final SubscriberHeartbeat heartbeat;
    private final Thread thread;

    // read without a lock by heartbeat() and close(), so a stuck writer cannot keep a dead connection alive
    private volatile Connection connection;
    private volatile boolean closing;

    /**
     * @param controlChannel a channel of this connection alone, for its heartbeat (in a cluster, in a slot
     *                       of the node at {@code address})
     * @param confirmTimeout how long a subscription waits for Redis to confirm it
     * @param deadAfter      silence after which a ready connection is dead
     */
    RedisSubscriber(String name, HostAndPort address, JedisClientConfig clientConfig, String controlChannel,
                    Duration confirmTimeout, Duration deadAfter, Duration reconnectMax, PubSub flavour, Events events) {
        this.name = name;
        this.address = address;
        this.clientConfig = clientConfig;
        this.reconnectMax = reconnectMax;
        this.flavour = flavour;
        this.events = events;
        this.book = new SubscriptionBook(controlChannel, confirmTimeout);
        this.heartbeat = new SubscriberHeartbeat(confirmTimeout, deadAfter);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    String name() {
        return name;
    }

    /** The Redis node this connection goes to, {@code host:port}. */
    String shard() {
        return address.getHost() + ":" + address.getPort();
    }

    String controlChannel() {
        return book.controlChannel();
    }

    void start() {
        thread.start();
    }

    /** True while connected with every wanted channel subscribed. */
    boolean isReady() {
        return book.isReady();
    }

    /** The channels this connection should be subscribed to, right now. */
    List<String> wantedChannels() {
        return book.wanted();
    }

    /** Subscribes a channel; completes when Redis confirmed it. */
    CompletableFuture<Void> subscribe(String channel) {
        return book.subscribe(channel);
    }

    /** Stops receiving a channel (Redis' confirmation is not awaited). */
    void unsubscribe(String channel) {
        if (book.unsubscribe(channel)) {
            events.onReady(this);
        }
    }

    /**
     * Checks the connection is alive and asks Redis for a sign of life; drops a dead connection.
     * Never blocks on a writer: when the connection is busy the sign of life is skipped, and
     * silence soon drops it. Called periodically by the broker.
     */
    void heartbeat() {
        Connection c = connection;
        if (c != null && heartbeat.mustDrop(book)) {
            drop(c);
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
            thread.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(System.Logger.Level.INFO, "redis: subscriber connection {0} to {1} did not stop within {2} ms;"
                    + " closing on without waiting (a daemon thread, it ends when its connect attempt or the"
                    + " callback it is in returns)", name, shard(), String.valueOf(JOIN.toMillis()));
        }
    }

    private void run() {
        Backoff backoff = new Backoff(reconnectMax);
        Reader reader = new Reader();
        while (!closing) {
            Connection c = null;
            String lost = "connection closed";
            try {
                c = new Connection(address, clientConfig);
                PubSubSession session = PubSubSession.of(flavour, reader);
                if (closing) {
                    break;
                }
                book.attach(session);
                heartbeat.connected();
                connection = c;
                session.readUntilClosed(c, book.controlChannel()); // until the connection fails or is dropped
            } catch (RuntimeException e) {
                lost = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } finally {
                if (disconnected(c)) {
                    backoff.reset();
                    if (!closing) {
                        events.onLost(this, lost);
                    }
                }
            }
            if (!closing) {
                try {
                    Thread.sleep(backoff.nextDelayMs()); // the reconnect backoff, not a wait for something to settle
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Marks the connection gone, fails what waited on it and closes it; returns whether it was ready. */
    private boolean disconnected(Connection c) {
        connection = null;
        SubscriptionBook.Detached gone = book.detach();
        BrokerUnavailableException down = new BrokerUnavailableException("redis connection lost");
        gone.unanswered().forEach(f -> f.completeExceptionally(down));
        if (c != null) {
            drop(c);
        }
        return gone.wasReady();
    }

    /** Closes the socket without flushing and without a lock: unblocks the reader and any stuck writer. */
    private static void drop(Connection c) {
        try {
            c.forceDisconnect();
        } catch (IOException | RuntimeException alreadyClosed) {
            // nothing left to close
        }
    }

    /** Hands what the connection reads to the book and the broker, on the subscriber's thread. */
    private final class Reader implements PubSubSession.Handler {
        @Override
        public void heard() {
            heartbeat.heard();
        }

        @Override
        public void message(String channel, String text) {
            events.onMessage(channel, text);
        }

        @Override
        public void subscribed(String channel) {
            heartbeat.heard();
            SubscriptionBook.Confirmation confirmation = book.confirmed(channel);
            if (confirmation.request() != null) {
                confirmation.request().complete(null);
            }
            if (confirmation.resubscribed()) {
                events.onResubscribed(channel); // before any message of the channel is read
            }
            if (confirmation.nowReady()) {
                events.onReady(RedisSubscriber.this);
            }
        }

        @Override
        public void unsubscribed(String channel) {
            SubscriptionBook.Unsubscription unsubscription = book.unsubscribed(channel);
            if (unsubscription.controlLost()) {
                Connection c = connection;
                if (c != null) {
                    drop(c); // no proof of life without the control channel: replaced
                }
            }
            if (unsubscription.movedAway()) {
                events.onMovedAway(RedisSubscriber.this, channel);
            }
            if (unsubscription.nowReady()) {
                events.onReady(RedisSubscriber.this);
            }
        }
    }
}
