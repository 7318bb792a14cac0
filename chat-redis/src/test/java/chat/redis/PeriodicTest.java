package chat.redis;

import org.junit.jupiter.api.Test;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertThrows;

class PeriodicTest {
    private static final System.Logger LOG = System.getLogger(PeriodicTest.class.getName());

    @Test
    void aScheduledTaskThatThrowsAnErrorRunsAgainAtItsNextTurn() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger runs = new AtomicInteger();
            scheduler.scheduleWithFixedDelay(Periodic.guarded(LOG, "test task", () -> {
                runs.incrementAndGet();
                throw new java.nio.charset.CoderMalfunctionError(new IllegalStateException("a library on bad data"));
            }), 0, 1, TimeUnit.MILLISECONDS);
            Await.until(() -> runs.get() >= 3, () -> "the schedule stopped after " + runs.get() + " run(s)");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void outOfMemoryIsNotSwallowed() {
        Runnable guarded = Periodic.guarded(LOG, "test task", () -> {
            throw new OutOfMemoryError("simulated");
        });
        assertThrows(OutOfMemoryError.class, guarded::run);
    }
}
