package chat.core;

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
}
