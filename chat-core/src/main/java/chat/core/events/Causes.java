package chat.core.events;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The failure behind the wrappers that asynchronous results put around it. */
public final class Causes {
    private Causes() {
    }

    /**
     * What went wrong: {@code failure} without the {@link CompletionException} or
     * {@link ExecutionException} layers a {@code CompletableFuture} may have wrapped it in (a wrapper
     * without a cause is itself the failure).
     */
    public static Throwable unwrapped(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
