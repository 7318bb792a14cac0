package chat.core.broker;

import chat.core.events.Limit;
import chat.core.protocol.ChatMessage;

/** Receives the room traffic a {@link Broker} carries for the rooms this instance subscribed to. */
@FunctionalInterface
public interface BrokerListener {
    /**
     * Called for each message of a subscribed room, one call at a time per room, in the room's
     * one order. Must not block: it hands the message to local queues and returns.
     */
    void onMessage(ChatMessage message);

    /**
     * The broker lost the room's subscription and has it again: messages published meanwhile were
     * not delivered, and the listener may read them from the history. Called before any message
     * the new subscription delivers.
     */
    default void onResubscribed(String roomId) {
    }

    /** The broker held to one of its bounds (it dropped a room's history, refused a read). */
    default void limitReached(Limit limit) {
    }

    /**
     * The broker carried something on a room's channel that is not a message a hub published (not a
     * valid chat message, or of another room), and dropped it.
     */
    default void invalidMessageDropped() {
    }
}
