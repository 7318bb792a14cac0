package chat.core;

import java.util.concurrent.CompletionStage;

/**
 * Moves room traffic between server instances. The hub publishes every accepted message here and
 * delivers only what comes back through the {@link BrokerListener}, so one instance and many behave
 * alike.
 *
 * <p>Guarantees an implementation gives:
 * <ul>
 *   <li>Interest: the listener receives only messages of rooms subscribed on this instance, and
 *       every message published to such a room after its subscription completed.</li>
 *   <li>Order: all messages of one room reach the listener one at a time, in one order that is the
 *       same on every instance; messages one caller publishes to a room arrive in publishing
 *       order.</li>
 *   <li>Non-blocking calls: {@code subscribe}, {@code unsubscribe} and {@code publish} return at
 *       once; what they started completes the returned stage, exceptionally with
 *       {@link BrokerUnavailableException} when the broker cannot do it.</li>
 *   <li>Call order: subscribe and unsubscribe of one room take effect in the order they were
 *       called.</li>
 * </ul>
 *
 * <p>Lifecycle: {@link #start} once, before any other call; {@link #close} is idempotent.
 */
public interface Broker extends AutoCloseable {

    /** Starts delivering to {@code listener}. */
    void start(BrokerListener listener);

    /** Starts receiving a room's messages; completes when the subscription is in effect. */
    CompletionStage<Void> subscribe(String roomId);

    /** Stops receiving a room's messages. */
    CompletionStage<Void> unsubscribe(String roomId);

    /** Sends a message to every instance subscribed to its room; completes when the broker took it. */
    CompletionStage<Void> publish(ChatMessage message);

    /** A short name of the implementation for health reports, such as {@code in-process} or {@code redis}. */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** True while the broker can take messages (for health checks and metrics). */
    default boolean isAvailable() {
        return true;
    }

    /** How often the broker has reconnected after losing its backend. */
    default long reconnects() {
        return 0;
    }

    /** Stops delivering and releases the broker's threads and connections. */
    @Override
    void close();
}
