package chat.core.events;

import chat.core.access.AccessDecision;
import chat.core.access.RoomAction;
import chat.core.protocol.ErrorCode;

/**
 * What happens in a hub, for metrics. Every method has a no-op default; implementations must be
 * thread-safe and must not block (they are called on delivery paths).
 */
public interface ChatEvents {
    /** Reports nothing. */
    ChatEvents NONE = new ChatEvents() {
    };

    /** A connection was registered. */
    /** A room access decision was made for an ENTER or HISTORY (a remembered one included). */
    default void roomAccessDecided(RoomAction action, AccessDecision decision) {
    }

    default void connectionOpened() {
    }

    /** A registered connection closed, with the WebSocket close code. */
    default void connectionClosed(int closeCode) {
    }

    /** A handshake was refused before registration. */
    default void handshakeRefused(Refusal reason) {
    }

    /** A client frame arrived. */
    default void frameReceived(FrameKind kind) {
    }

    /** An ERROR frame was sent to a client. */
    default void errorSent(ErrorCode code) {
    }

    /** An accepted message was handed to the broker. */
    default void messagePublished() {
    }

    /** The broker could not take a message. */
    default void publishFailed() {
    }

    /** The broker handed this instance a message (before looking for local members). */
    default void brokerMessageReceived() {
    }

    /**
     * The broker handed back a message; it was queued to {@code recipients} local connections,
     * the last of them {@code acceptedToLastMillis} after the accepting hub took it.
     */
    default void messageDelivered(int recipients, long acceptedToLastMillis) {
    }

    /** A frame was refused for the connection's rate limit. */
    default void rateLimited() {
    }

    /** A connection was closed because it answered no ping in time. */
    default void idleClosed() {
    }

    /** A connection was closed because its outbound queue was full. */
    default void slowConsumerClosed() {
    }

    /**
     * A write to a connection failed (its transport threw or reported a failure); the connection
     * was closed with 1011.
     */
    default void sendFailed() {
    }

    /** A bound was reached; see {@link Limit}. */
    default void limitReached(Limit limit) {
    }

    /** The broker dropped something on a room's channel that was not a valid chat message of that room. */
    default void invalidBrokerMessage() {
    }

    /** A resuming client was sent {@code messages} TALKs from its room's history. */
    default void historyReplayed(int messages) {
    }

    /** This instance read {@code messages} TALKs it had missed from a room's history and delivered them. */
    default void historyRecovered(int messages) {
    }

    /** A RESYNC notice went to {@code clients} clients: TALKs they should have had are no longer stored. */
    default void resyncSent(int clients) {
    }
}
