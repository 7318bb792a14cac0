package chat.core.connection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Gathers the writes a thread starts while it hands one message to many connections, and passes
 * them to the writer threads in a few tasks ({@value #WRITES_PER_TASK} writes each) instead of one
 * task per connection: a room's delivery wakes the writers once, not once per member, and large
 * rooms still spread over every writer thread.
 *
 * <pre>{@code
 * int queued = WriteBatch.during(() -> offerToAll(frame)); // the writes start once it returned
 * }</pre>
 *
 * Outside {@link #during}, and for writes handed to another executor than the batch's first, a
 * write starts at once as before. A batch is the calling thread's own; a nested {@code during}
 * joins the batch around it.
 */
public final class WriteBatch {
    static final int WRITES_PER_TASK = 32;
    /**
     * Each thread's batch, set once and kept: a thread-local that is always present is found at
     * the first probe, where one set and removed per delivery made every lookup outside a delivery
     * a miss that walks the thread's table (4.5 % of the server's CPU samples in a profile).
     */
    private static final ThreadLocal<WriteBatch> BATCH = ThreadLocal.withInitial(WriteBatch::new);

    private boolean open;
    private Executor writers;
    private final List<Write> writes = new ArrayList<>();

    private record Write(Runnable task, Consumer<RejectedExecutionException> onRejected) {
    }

    private WriteBatch() {
    }

    /**
     * Runs {@code delivery} and returns what it returns; the writes it starts through
     * {@link #start} begin once it returned or threw, in the order they were started.
     */
    public static int during(IntSupplier delivery) {
        WriteBatch batch = BATCH.get();
        if (batch.open) {
            return delivery.getAsInt();
        }
        batch.open = true;
        try {
            return delivery.getAsInt();
        } finally {
            batch.open = false;
            batch.flush();
        }
    }

    /**
     * Starts {@code task} on {@code writers}, or, inside {@link #during}, once the delivery is over;
     * {@code onRejected} is told when {@code writers} refuses it (shutting down).
     */
    static void start(Executor writers, Runnable task, Consumer<RejectedExecutionException> onRejected) {
        WriteBatch batch = BATCH.get();
        if (batch.open && (batch.writers == null || batch.writers == writers)) {
            batch.writers = writers;
            batch.writes.add(new Write(task, onRejected));
            return;
        }
        try {
            writers.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            onRejected.accept(shuttingDown);
        }
    }

    /**
     * Hands what was gathered to the writers, in tasks of their own; the batch is empty again
     * first, so a write that runs at once and delivers in turn gathers into a batch of its own.
     */
    private void flush() {
        if (writes.isEmpty()) {
            return;
        }
        Write[] all = writes.toArray(new Write[0]);
        Executor to = writers;
        writes.clear();
        writers = null;
        for (int from = 0; from < all.length; from += WRITES_PER_TASK) {
            Write[] chunk = Arrays.copyOfRange(all, from, Math.min(all.length, from + WRITES_PER_TASK));
            try {
                to.execute(() -> runAll(chunk));
            } catch (RejectedExecutionException shuttingDown) {
                for (Write write : chunk) {
                    write.onRejected().accept(shuttingDown);
                }
            }
        }
    }

    /** Runs every write, even after one threw (a dying JVM's error, passed on once all ran). */
    private static void runAll(Write[] chunk) {
        Throwable first = null;
        for (Write write : chunk) {
            try {
                write.task().run();
            } catch (Throwable e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first instanceof Error error) {
            throw error;
        } else if (first instanceof RuntimeException unexpected) {
            throw unexpected;
        } else if (first != null) {
            throw new IllegalStateException(first);
        }
    }
}
