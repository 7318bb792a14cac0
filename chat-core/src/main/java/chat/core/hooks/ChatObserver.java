package chat.core.hooks;

import chat.core.protocol.ChatMessage;

/**
 * Told what members do, once per event across the deployment: by the instance that took the
 * command, after the broker took the message (a TALK with its seq). Called on the thread that saw
 * it happen: implementations are thread-safe, must not block (hand the event to a queue of your
 * own), and what they throw is logged and otherwise ignored.
 *
 * <pre>{@code
 * ChatObserver indexer = activity -> {
 *     if (activity instanceof ChatObserver.Posted posted) searchQueue.offer(posted.message());
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ChatObserver {
    /** Observes nothing. */
    ChatObserver NONE = activity -> {
    };

    void observe(Activity activity);

    /** Something a member did. */
    sealed interface Activity permits Entered, Posted, Left, Disconnected {
    }

    /** A connection of {@code message.userId()} entered {@code message.roomId()} (an ENTER as published). */
    record Entered(ChatMessage message) implements Activity {
    }

    /** A TALK, numbered and stored: {@code message.seq()} is its place in the room. */
    record Posted(ChatMessage message) implements Activity {
    }

    /** A connection left the room, by LEAVE or by going away (a LEAVE as published). */
    record Left(ChatMessage message) implements Activity {
    }

    /** Connection {@code connectionId} of {@code userId} closed; its rooms' {@link Left}s follow or came before. */
    record Disconnected(String userId, String connectionId) implements Activity {
    }
}
