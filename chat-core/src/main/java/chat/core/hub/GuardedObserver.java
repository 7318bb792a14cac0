package chat.core.hub;

import chat.core.events.ThrottledWarning;
import chat.core.hooks.ChatObserver;
import chat.core.protocol.ChatMessage;

import java.time.Duration;

/**
 * Tells the application's {@link ChatObserver} what happened so that nothing it throws reaches the
 * hub: a failure is logged (once a minute at most, so a broken observer cannot flood the log) and
 * the chat goes on. Thread-safe.
 */
final class GuardedObserver {
    private static final System.Logger LOG = System.getLogger(GuardedObserver.class.getName());

    private final ChatObserver observer;
    private final ThrottledWarning failures = new ThrottledWarning(LOG, Duration.ofMinutes(1));

    GuardedObserver(ChatObserver observer) {
        this.observer = observer;
    }

    /** A member's ENTER, TALK or LEAVE, as the broker took it. */
    void published(ChatMessage message) {
        if (observer == ChatObserver.NONE) {
            return;
        }
        tell(switch (message.type()) {
            case ENTER -> new ChatObserver.Entered(message);
            case TALK -> new ChatObserver.Posted(message);
            default -> new ChatObserver.Left(message);
        });
    }

    /** A member's connection is gone. */
    void disconnected(String userId, String connectionId) {
        if (observer != ChatObserver.NONE) {
            tell(new ChatObserver.Disconnected(userId, connectionId));
        }
    }

    private void tell(ChatObserver.Activity activity) {
        try {
            observer.observe(activity);
        } catch (RuntimeException | LinkageError e) {
            failures.occurred(count -> "the chat observer failed on " + activity.getClass().getSimpleName()
                    + " (" + count + " failure(s) since the last line); the chat goes on; further failures are not"
                    + " logged for a minute", e);
        }
    }
}
