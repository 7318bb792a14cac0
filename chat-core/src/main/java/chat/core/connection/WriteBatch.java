package chat.core.connection;

import java.util.ArrayList;
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
    private static final ThreadLocal<WriteBatch> OPEN = new ThreadLocal<>();

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
        if (OPEN.get() != null) {
            return delivery.getAsInt();
        }
        WriteBatch batch = new WriteBatch();
        OPEN.set(batch);
        try {
            return delivery.getAsInt();
        } finally {
            OPEN.remove();
            batch.flush();
        }
    }

    /**
     * Starts {@code task} on {@code writers}, or, inside {@link #during}, once the delivery is over;
     * {@code onRejected} is told when {@code writers} refuses it (shutting down).
     */
    static void start(Executor writers, Runnable task, Consumer<RejectedExecutionException> onRejected) {
        WriteBatch batch = OPEN.get();
        if (batch != null && (batch.writers == null || batch.writers == writers)) {
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

    private void flush() {
        int size = writes.size();
        for (int from = 0; from < size; from += WRITES_PER_TASK) {
            List<Write> chunk = writes.subList(from, Math.min(size, from + WRITES_PER_TASK));
            try {
                writers.execute(() -> runAll(chunk));
            } catch (RejectedExecutionException shuttingDown) {
                chunk.forEach(write -> write.onRejected().accept(shuttingDown));
            }
        }
    }

    /** Runs every write, even after one threw (a dying JVM's error, passed on once all ran). */
    private static void runAll(List<Write> chunk) {
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
