package chat.core.connection;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteBatchTest {
    /** Keeps the tasks it is given, to run when the test says. */
    private static final class HeldTasks implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            tasks.forEach(Runnable::run);
        }
    }

    @Test
    void outsideADeliveryAWriteStartsAtOnce() {
        HeldTasks writers = new HeldTasks();
        List<Integer> written = new ArrayList<>();
        WriteBatch.start(writers, () -> written.add(1), rejected -> { });
        assertEquals(1, writers.tasks.size());
        writers.runAll();
        assertEquals(List.of(1), written);
    }

    @Test
    void theWritesOfOneDeliveryStartTogetherInOrderAFewTasksForMany() {
        HeldTasks writers = new HeldTasks();
        List<Integer> written = new ArrayList<>();
        int members = 2 * WriteBatch.WRITES_PER_TASK + 1;
        int returned = WriteBatch.during(() -> {
            for (int i = 0; i < members; i++) {
                int member = i;
                WriteBatch.start(writers, () -> written.add(member), rejected -> { });
            }
            assertTrue(writers.tasks.isEmpty(), "a write started before the delivery was over");
            return members;
        });
        assertEquals(members, returned);
        assertEquals(3, writers.tasks.size(), "tasks for " + members + " writes");
        writers.runAll();
        assertEquals(members, written.size());
        for (int i = 0; i < members; i++) {
            assertEquals(i, written.get(i));
        }
    }

    @Test
    void aNestedDeliveryJoinsTheOneAroundIt() {
        HeldTasks writers = new HeldTasks();
        WriteBatch.during(() -> {
            WriteBatch.start(writers, () -> { }, rejected -> { });
            WriteBatch.during(() -> {
                WriteBatch.start(writers, () -> { }, rejected -> { });
                return 0;
            });
            assertTrue(writers.tasks.isEmpty(), "the inner delivery started its writes on its own");
            return 0;
        });
        assertEquals(1, writers.tasks.size());
    }

    @Test
    void aWriteForOtherWritersStartsAtOnce() {
        HeldTasks writers = new HeldTasks();
        HeldTasks others = new HeldTasks();
        WriteBatch.during(() -> {
            WriteBatch.start(writers, () -> { }, rejected -> { });
            WriteBatch.start(others, () -> { }, rejected -> { });
            assertEquals(1, others.tasks.size());
            return 0;
        });
        assertEquals(1, writers.tasks.size());
    }

    @Test
    void writersThatRefuseTellEveryWriteOfTheBatch() {
        Executor stopped = task -> {
            throw new RejectedExecutionException("stopped");
        };
        List<RejectedExecutionException> told = new ArrayList<>();
        WriteBatch.during(() -> {
            for (int i = 0; i < 40; i++) {
                WriteBatch.start(stopped, () -> { }, told::add);
            }
            return 0;
        });
        assertEquals(40, told.size());
        WriteBatch.start(stopped, () -> { }, told::add);
        assertEquals(41, told.size());
    }

    @Test
    void aDeliveryThatThrowsStillStartsTheWritesItClaimed() {
        HeldTasks writers = new HeldTasks();
        List<Integer> written = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> WriteBatch.during(() -> {
            WriteBatch.start(writers, () -> written.add(1), rejected -> { });
            throw new IllegalStateException("a bug in the delivery");
        }));
        writers.runAll();
        assertEquals(List.of(1), written, "a claimed writer must not be left waiting");
    }

    @Test
    void aWriteThatThrowsDoesNotStopTheOthersInItsTask() {
        HeldTasks writers = new HeldTasks();
        List<Integer> written = new ArrayList<>();
        WriteBatch.during(() -> {
            WriteBatch.start(writers, () -> {
                throw new StackOverflowError("deep");
            }, rejected -> { });
            WriteBatch.start(writers, () -> written.add(2), rejected -> { });
            return 0;
        });
        assertThrows(StackOverflowError.class, writers::runAll);
        assertEquals(List.of(2), written);
    }

    @Test
    void aWriteThatRunsAtOnceAndDeliversInTurnGathersABatchOfItsOwn() {
        Executor inline = Runnable::run;
        List<String> written = new ArrayList<>();
        WriteBatch.during(() -> {
            WriteBatch.start(inline, () -> {
                written.add("first");
                // a close reported at once, whose LEAVE is delivered on this thread
                WriteBatch.during(() -> {
                    WriteBatch.start(inline, () -> written.add("leave"), rejected -> { });
                    assertEquals(List.of("first"), written, "the inner delivery's write ran before it was over");
                    return 0;
                });
            }, rejected -> { });
            WriteBatch.start(inline, () -> written.add("second"), rejected -> { });
            return 0;
        });
        assertEquals(List.of("first", "leave", "second"), written);
    }
}
