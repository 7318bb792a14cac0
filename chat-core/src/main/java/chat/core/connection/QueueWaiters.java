package chat.core.connection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Who waits for a {@link BufferedConnection}'s queue to drain to a bound
 * ({@link BufferedConnection#whenQueuedAtMost}). Its owner adds and takes waiters under its own
 * lock and completes them after releasing it; {@link #any()} may be read without the lock, so the
 * write path pays one volatile read while nobody waits.
 */
final class QueueWaiters {
    private record Waiter(long bytes, CompletableFuture<Void> ready) {
    }

    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>(); // guarded by the owner's lock
    private volatile boolean any;

    /** Under the owner's lock: waits until at most {@code bytes} are queued. */
    CompletionStage<Void> add(long bytes) {
        Waiter waiter = new Waiter(bytes, new CompletableFuture<>());
        waiters.addLast(waiter);
        any = true;
        return waiter.ready();
    }

    boolean any() {
        return any;
    }

    /**
     * Under the owner's lock: takes the waiters whose bound {@code queuedBytes} keeps, or all of them
     * when the connection is {@code closing}; the owner completes them once it released the lock.
     */
    List<CompletableFuture<Void>> takeReady(long queuedBytes, boolean closing) {
        List<CompletableFuture<Void>> ready = new ArrayList<>(1);
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (closing || queuedBytes <= waiter.bytes()) {
                it.remove();
                ready.add(waiter.ready());
            }
        }
        any = !waiters.isEmpty();
        return ready;
    }
}
