package chat.core.broker;

import chat.core.history.HistoryBounds;
import chat.core.history.HistoryPolicy;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatMessage;

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
 *   <li>History: publishing a TALK gives it the room's next sequence number and stores it in the
 *       room's history in one atomic step, so seq order, history order and delivery order are
 *       the same everywhere. The history keeps the newest messages up to the broker's size, for
 *       as long as the room is subscribed anywhere and for its retention time after that, within
 *       the bounds of the whole store ({@link HistoryPolicy#maxRooms()}, and in memory
 *       {@link HistoryPolicy#maxBytes()}): past them the least recently used rooms' histories go
 *       first, reported to the listener ({@link BrokerListener#limitReached}).</li>
 *   <li>Bounded reads: history reads return at most their {@link HistoryBounds}, and never make
 *       the broker read the whole of a long history to return part of it.</li>
 *   <li>Recovery: a broker that lost a subscription and made it again tells the listener
 *       ({@link BrokerListener#onResubscribed}), which reads what it missed from the history.</li>
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

    /**
     * Sends a message to every instance subscribed to its room; completes when the broker took it,
     * with the message as published: a TALK numbered with its seq and stored (see History above),
     * also when no instance subscribes its room; ENTER and LEAVE as they are, carrying no seq.
     */
    CompletionStage<ChatMessage> publish(ChatMessage message);

    /**
     * The newest stored TALKs of the room with a seq above {@code afterSeq} that fit in
     * {@code bounds}, in seq order. The broker reads no more than the bounds allow.
     */
    CompletionStage<HistorySlice> historyAfter(String roomId, long afterSeq, HistoryBounds bounds);

    /**
     * The newest stored TALKs of the room with a seq below {@code beforeSeq} that fit in
     * {@code bounds}, in seq order; with {@link HistoryBounds#NONE} only the slice's seq bounds.
     */
    CompletionStage<HistorySlice> historyBefore(String roomId, long beforeSeq, HistoryBounds bounds);

    /** A short name of the implementation for health reports, such as {@code in-process} or {@code redis}. */
    default String kind() {
        return getClass().getSimpleName();
    }

    /** True while the broker can take messages (for health checks and metrics). */
    default boolean isAvailable() {
        return true;
    }

    /** The broker's subscriber connections, by backend shard; empty for a broker without any. */
    default java.util.List<SubscriberStatus> subscriberStatus() {
        return java.util.List.of();
    }

    /** How often the broker has reconnected after losing its backend. */
    default long reconnects() {
        return 0;
    }

    /** Stops delivering and releases the broker's threads and connections. */
    @Override
    void close();
}
