package chat.core.connection;

import chat.core.broker.BrokerUnavailableException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CommandSequencerTest {
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    private boolean submit(CommandSequencer sequencer, String name, CompletableFuture<Void> result) {
        return sequencer.submit(() -> {
            ran.add(name);
            return result;
        }, false);
    }

    @Test
    void aStepSubmittedToAnIdleSequencerRunsAtOnce() {
        CommandSequencer sequencer = new CommandSequencer(4);

        assertTrue(submit(sequencer, "a", CompletableFuture.completedFuture(null)));

        assertEquals(List.of("a"), ran);
    }

    @Test
    void aStepWaitsUntilTheStepBeforeItCompletes() {
        CommandSequencer sequencer = new CommandSequencer(4);
        CompletableFuture<Void> first = new CompletableFuture<>();
        submit(sequencer, "first", first);
        submit(sequencer, "second", CompletableFuture.completedFuture(null));
        assertEquals(List.of("first"), ran);

        first.complete(null);

        assertEquals(List.of("first", "second"), ran);
    }

    @Test
    void stepsRunInSubmissionOrder() {
        CommandSequencer sequencer = new CommandSequencer(100);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        submit(sequencer, "0", gate);
        List<String> expected = new ArrayList<>(List.of("0"));
        for (int i = 1; i < 50; i++) {
            submit(sequencer, Integer.toString(i), CompletableFuture.completedFuture(null));
            expected.add(Integer.toString(i));
        }

        gate.complete(null);

        assertEquals(expected, ran);
    }

    @Test
    void submitBeyondTheLimitIsRefusedAndRunsNothing() {
        CommandSequencer sequencer = new CommandSequencer(2);
        submit(sequencer, "waiting", new CompletableFuture<>());
        assertTrue(submit(sequencer, "queued", CompletableFuture.completedFuture(null)));

        assertFalse(submit(sequencer, "refused", CompletableFuture.completedFuture(null)));

        assertEquals(List.of("waiting"), ran);
    }

    @Test
    void forcedSubmitIsAcceptedBeyondTheLimitAndRunsInOrder() {
        CommandSequencer sequencer = new CommandSequencer(1);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        submit(sequencer, "waiting", gate);

        assertTrue(sequencer.submit(() -> {
            ran.add("forced");
            return CompletableFuture.completedFuture(null);
        }, true));
        gate.complete(null);

        assertEquals(List.of("waiting", "forced"), ran);
    }

    @Test
    void completedStepsFreeTheirPlaces() {
        CommandSequencer sequencer = new CommandSequencer(1);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        submit(sequencer, "a", gate);
        gate.complete(null);

        assertTrue(submit(sequencer, "b", CompletableFuture.completedFuture(null)));
        assertEquals(List.of("a", "b"), ran);
    }

    @Test
    void aFailedStepDoesNotStopTheNext() {
        CommandSequencer sequencer = new CommandSequencer(4);
        CompletableFuture<Void> failing = new CompletableFuture<>();
        submit(sequencer, "fails", failing);
        submit(sequencer, "next", CompletableFuture.completedFuture(null));

        failing.completeExceptionally(new BrokerUnavailableException("down"));

        assertEquals(List.of("fails", "next"), ran);
    }

    @Test
    void aThrowingStepDoesNotStopTheNext() {
        CommandSequencer sequencer = new CommandSequencer(4);
        sequencer.submit(() -> {
            ran.add("throws");
            throw new IllegalStateException("bug");
        }, false);

        submit(sequencer, "next", CompletableFuture.completedFuture(null));

        assertEquals(List.of("throws", "next"), ran);
    }

    @Test
    void aStepThrowingAnErrorDoesNotStopTheNextEither() {
        CommandSequencer sequencer = new CommandSequencer(4);
        Thread.UncaughtExceptionHandler before = Thread.currentThread().getUncaughtExceptionHandler();
        List<Throwable> reported = new ArrayList<>();
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
        try {
            sequencer.submit(() -> {
                ran.add("throws");
                throw new AssertionError("an Error from a bug");
            }, false);
            submit(sequencer, "next", CompletableFuture.completedFuture(null));
        } finally {
            Thread.currentThread().setUncaughtExceptionHandler(before);
        }

        assertEquals(List.of("throws", "next"), ran);
        assertEquals(1, reported.size(), "the bug is reported, not hidden");
    }
}
