package chat.core.connection;

import chat.core.events.ChatEvents;
import chat.core.events.ThrottledWarning;

import java.io.IOException;
import java.time.Duration;

/**
 * Counts failed writes to clients and logs the ones worth an operator's look. A transport's
 * {@link IOException} (the peer went away) is routine and only counted; an {@link Error} means the
 * container could not write a frame the server made (a bug) and is logged with its stack trace;
 * anything else is logged at DEBUG. At most one line a minute, so that many failing connections
 * cannot flood the log. Thread-safe.
 */
public final class SendFailures {
    private static final System.Logger LOG = System.getLogger(SendFailures.class.getName());

    private final ChatEvents events;
    private final ThrottledWarning unexpected = new ThrottledWarning(LOG, Duration.ofMinutes(1));

    public SendFailures(ChatEvents events) {
        this.events = events;
    }

    /** A write to connection {@code id} of {@code userId} failed; the connection is being closed with 1011. */
    public void failed(String id, String userId, Throwable failure) {
        events.sendFailed();
        if (failure instanceof IOException) {
            return;
        }
        System.Logger.Level level = failure instanceof Error ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
        unexpected.occurred(level, count -> "connection " + id + " of user " + userId + ": a write failed and the"
                + " connection was closed with 1011 (send failed); " + count + " such failure(s) since the last line;"
                + " other clients are not affected; further write failures are counted in chat_send_failures_total"
                + " and not logged for a minute", failure);
    }
}
