package chat.core.connection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs one connection's steps one after another, in submission order, even when a step waits on
 * the broker (an ENTER waits for its room's subscription before the TALK behind it may run).
 * No lock is held while a step runs. At most {@code limit} steps wait at once.
 */
public final class CommandSequencer {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final int limit;
    // guarded by this
    private CompletableFuture<Void> tail = DONE;
    private int pending;

    public CommandSequencer(int limit) {
        this.limit = limit;
    }

    /**
     * Queues a step; returns false, running nothing, when {@code limit} steps are already waiting.
     * With {@code force} the step is queued regardless (for the final disconnect step).
     */
    public boolean submit(Supplier<? extends CompletionStage<?>> step, boolean force) {
        CompletableFuture<Void> previous;
        CompletableFuture<Void> finished = new CompletableFuture<>();
        synchronized (this) {
            if (pending >= limit && !force) {
                return false;
            }
            pending++;
            previous = tail;
            tail = finished;
        }
        previous.whenComplete((ignored, alsoIgnored) -> run(step, finished));
        return true;
    }

    private void run(Supplier<? extends CompletionStage<?>> step, CompletableFuture<Void> finished) {
        CompletionStage<?> running;
        try {
            running = step.get();
        } catch (Throwable e) {
            // A failing step is that one command's failure: the connection's next commands still run.
            // (Steps run inside a completion callback, which would swallow anything thrown further.)
            running = CompletableFuture.failedFuture(e);
            Thread t = Thread.currentThread(); // a bug: reported, not hidden
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
        running.whenComplete((ignored, alsoIgnored) -> {
            synchronized (this) {
                pending--;
            }
            finished.complete(null);
        });
    }
}
