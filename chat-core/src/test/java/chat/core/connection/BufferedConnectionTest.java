package chat.core.connection;

import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;
import chat.core.protocol.ShutdownNotice;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferedConnectionTest {

    /** A transport that completes each send inline, holds it for the test, or hands it to an executor. */
    static final class FakeTransport implements FrameTransport {
        enum Mode { INLINE, HOLD, ASYNC }

        record Close(CloseCode code, String reason) {
        }

        volatile Mode mode = Mode.HOLD;
        volatile ExecutorService completer;
        /** Runs inside send, before it completes (e.g. to send more from within the transport). */
        volatile Consumer<EncodedFrame> insideSend = frame -> { };
        // guarded by this
        private final List<EncodedFrame> written = new ArrayList<>();
        private final ArrayDeque<Consumer<Throwable>> held = new ArrayDeque<>();
        private final List<Close> closes = new ArrayList<>();
        private final List<String> closingThreads = new ArrayList<>();
        private int inFlight;
        private int maxInFlight;
        private int completedWrites;

        @Override
        public void send(EncodedFrame frame, Consumer<Throwable> done) {
            Consumer<Throwable> once = failure -> {
                synchronized (this) {
                    inFlight--;
                    completedWrites++;
                    notifyAll();
                }
                done.accept(failure);
            };
            synchronized (this) {
                written.add(frame);
                inFlight++;
                maxInFlight = Math.max(maxInFlight, inFlight);
            }
            insideSend.accept(frame);
            switch (mode) {
                case INLINE -> once.accept(null);
                case HOLD -> {
                    synchronized (this) {
                        held.addLast(once);
                    }
                }
                case ASYNC -> completer.execute(() -> once.accept(null));
            }
        }

        @Override
        public synchronized void close(CloseCode code, String reason) {
            closes.add(new Close(code, reason));
            closingThreads.add(Thread.currentThread().getName());
            notifyAll();
        }

        synchronized List<String> awaitClosingThreads(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closingThreads.size() < count && System.nanoTime() < deadline) {
                TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
            }
            assertEquals(count, closingThreads.size(), "closes: " + closes);
            return List.copyOf(closingThreads);
        }

        void completeNext() {
            next().accept(null);
        }

        void failNext(Throwable failure) {
            next().accept(failure);
        }

        private synchronized Consumer<Throwable> next() {
            Consumer<Throwable> done = held.pollFirst();
            assertTrue(done != null, "no write in flight");
            return done;
        }

        synchronized List<EncodedFrame> written() {
            return List.copyOf(written);
        }

        synchronized int writtenCount() {
            return written.size();
        }

        synchronized List<Close> closes() {
            return List.copyOf(closes);
        }

        synchronized int heldCount() {
            return held.size();
        }

        synchronized int maxInFlight() {
            return maxInFlight;
        }

        synchronized void awaitCompletedWrites(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (completedWrites < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            assertEquals(count, completedWrites, "completed writes");
        }
    }

    private final FakeTransport transport = new FakeTransport();
    private ExecutorService executor;

    @AfterEach
    void stopExecutors() throws InterruptedException {
        for (ExecutorService e : new ExecutorService[] {executor, transport.completer}) {
            if (e != null) {
                e.shutdownNow();
                assertTrue(e.awaitTermination(5, TimeUnit.SECONDS));
            }
        }
    }

    private static EncodedFrame frame(String text) {
        return new EncodedFrame(new ShutdownNotice(text), "{\"type\":\"SHUTDOWN\",\"message\":\"" + text + "\"}");
    }

    private static List<EncodedFrame> frames(int n) {
        List<EncodedFrame> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(frame("f" + i));
        }
        return frames;
    }

    private BufferedConnection connection(int capacity) {
        return new BufferedConnection("c1", "alice", transport, capacity);
    }

    @Test
    void exposesItsIdAndUserId() {
        BufferedConnection c = connection(4);
        assertEquals("c1", c.id());
        assertEquals("alice", c.userId());
    }

    @Test
    void nonPositiveCapacityIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BufferedConnection("c1", "alice", transport, 0));
    }

    @Test
    void firstFrameIsWrittenAtOnce() {
        BufferedConnection c = connection(4);
        EncodedFrame f = frame("a");

        assertTrue(c.send(f));

        assertEquals(List.of(f), transport.written());
        assertEquals(0, c.queued());
    }

    @Test
    void framesSentWhileAWriteIsInFlightWaitInTheQueue() {
        BufferedConnection c = connection(4);
        List<EncodedFrame> f = frames(3);
        f.forEach(c::send);

        assertEquals(List.of(f.get(0)), transport.written());
        assertEquals(2, c.queued());
    }

    @Test
    void onlyOneWriteIsEverInFlight() {
        BufferedConnection c = connection(8);
        frames(5).forEach(c::send);
        for (int i = 0; i < 5; i++) {
            assertEquals(1, transport.heldCount());
            transport.completeNext();
        }
        assertEquals(0, transport.heldCount());
        assertEquals(1, transport.maxInFlight());
    }

    @Test
    void completedWriteStartsTheNextQueuedFrameInOrder() {
        BufferedConnection c = connection(8);
        List<EncodedFrame> f = frames(4);
        f.forEach(c::send);

        transport.completeNext();
        assertEquals(f.subList(0, 2), transport.written());
        transport.completeNext();
        transport.completeNext();

        assertEquals(f, transport.written());
        assertEquals(0, c.queued());
    }

    @Test
    void idleConnectionWritesTheNextFrameAtOnce() {
        BufferedConnection c = connection(2);
        c.send(frame("a"));
        transport.completeNext();

        c.send(frame("b"));

        assertEquals(2, transport.writtenCount());
        assertEquals(0, c.queued());
    }

    /**
     * The caller may be delivering a room's message under the room's feed lock, and a container may
     * report the close (and the disconnect's LEAVEs to other rooms) on the closing thread.
     */
    @Test
    void slowConsumerAndRequestedClosesReachTheTransportOnAWriterThread() throws InterruptedException {
        executor = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "test-writer"));
        BufferedConnection slow = new BufferedConnection("c1", "alice", transport, 1, executor);
        slow.send(frame("in flight")); // held by the transport
        slow.send(frame("queued"));
        assertFalse(slow.send(frame("overflow")));
        BufferedConnection idle = new BufferedConnection("c2", "bob", transport, 1, executor);
        idle.close(CloseCode.GOING_AWAY, "bye");

        assertEquals(List.of("test-writer", "test-writer"), transport.awaitClosingThreads(2));
        assertEquals(List.of(new FakeTransport.Close(CloseCode.POLICY_VIOLATION, "slow consumer"),
                new FakeTransport.Close(CloseCode.GOING_AWAY, "bye")), transport.closes());
    }

    @Test
    void fullQueueClosesTheConnectionAsSlowConsumer() {
        BufferedConnection c = connection(2);
        assertTrue(c.send(frame("in flight")));
        assertTrue(c.send(frame("q1")));
        assertTrue(c.send(frame("q2")));

        assertFalse(c.send(frame("overflow")));

        assertEquals(List.of(new FakeTransport.Close(CloseCode.POLICY_VIOLATION, "slow consumer")), transport.closes());
        assertTrue(c.isClosed());
        assertEquals(0, c.queued());
    }

    @Test
    void slowConsumerFramesAreDroppedNotWritten() {
        BufferedConnection c = connection(2);
        List<EncodedFrame> f = frames(4);
        f.forEach(c::send);

        transport.completeNext();

        assertEquals(List.of(f.get(0)), transport.written());
        assertEquals(1, transport.closes().size());
    }

    @Test
    void sendAfterSlowConsumerCloseReturnsFalse() {
        BufferedConnection c = connection(1);
        frames(3).forEach(c::send);

        assertFalse(c.send(frame("late")));
        assertEquals(1, transport.writtenCount());
    }

    @Test
    void closeWhenIdleClosesTheTransportAtOnce() {
        BufferedConnection c = connection(2);

        c.close(CloseCode.NORMAL, "bye");

        assertEquals(List.of(new FakeTransport.Close(CloseCode.NORMAL, "bye")), transport.closes());
        assertTrue(c.isClosed());
    }

    @Test
    void closeWaitsUntilQueuedFramesAreWritten() {
        BufferedConnection c = connection(4);
        List<EncodedFrame> f = frames(3);
        f.forEach(c::send);

        c.close(CloseCode.SERVICE_RESTART, "server is restarting");
        assertEquals(List.of(), transport.closes());
        transport.completeNext();
        transport.completeNext();
        assertEquals(List.of(), transport.closes());
        transport.completeNext();

        assertEquals(f, transport.written());
        assertEquals(List.of(new FakeTransport.Close(CloseCode.SERVICE_RESTART, "server is restarting")),
                transport.closes());
    }

    @Test
    void sendAfterCloseRequestReturnsFalseAndIsNotWritten() {
        BufferedConnection c = connection(4);
        c.send(frame("a"));
        c.close(CloseCode.NORMAL, "bye");

        assertFalse(c.send(frame("late")));
        transport.completeNext();

        assertEquals(List.of(frame("a")), transport.written());
        assertEquals(1, transport.closes().size());
    }

    @Test
    void sendAfterCloseReturnsFalse() {
        BufferedConnection c = connection(4);
        c.close(CloseCode.NORMAL, "bye");

        assertFalse(c.send(frame("late")));
        assertEquals(0, transport.writtenCount());
    }

    @Test
    void closingTwiceClosesTheTransportOnce() {
        BufferedConnection c = connection(4);
        c.close(CloseCode.NORMAL, "bye");
        c.close(CloseCode.GOING_AWAY, "again");

        assertEquals(List.of(new FakeTransport.Close(CloseCode.NORMAL, "bye")), transport.closes());
    }

    @Test
    void closingTwiceWhileWritingClosesTheTransportOnceWithTheFirstRequest() {
        BufferedConnection c = connection(4);
        c.send(frame("a"));
        c.close(CloseCode.NORMAL, "bye");
        c.close(CloseCode.GOING_AWAY, "again");
        transport.completeNext();

        assertEquals(List.of(new FakeTransport.Close(CloseCode.NORMAL, "bye")), transport.closes());
    }

    @Test
    void closeAfterSlowConsumerDoesNotCloseTheTransportAgain() {
        BufferedConnection c = connection(1);
        frames(3).forEach(c::send);
        c.close(CloseCode.NORMAL, "bye");
        transport.completeNext();

        assertEquals(List.of(new FakeTransport.Close(CloseCode.POLICY_VIOLATION, "slow consumer")), transport.closes());
    }

    @Test
    void failedWriteDropsTheQueueAndClosesWithUnexpectedCondition() {
        BufferedConnection c = connection(4);
        c.send(frame("a"));
        c.send(frame("b"));

        transport.failNext(new IOException("broken pipe"));

        assertEquals(List.of(frame("a")), transport.written());
        assertEquals(List.of(new FakeTransport.Close(CloseCode.UNEXPECTED_CONDITION, "send failed")), transport.closes());
        assertTrue(c.isClosed());
        assertFalse(c.send(frame("c")));
    }

    @Test
    void failedWriteAfterCloseRequestClosesTheTransportOnce() {
        BufferedConnection c = connection(4);
        c.send(frame("a"));
        c.close(CloseCode.NORMAL, "bye");

        transport.failNext(new IOException("broken pipe"));

        assertEquals(1, transport.closes().size());
    }

    @Test
    void transportThrowingFromSendClosesWithUnexpectedCondition() {
        FrameTransport throwing = new FrameTransport() {
            @Override
            public void send(EncodedFrame frame, Consumer<Throwable> done) {
                throw new IllegalStateException("session gone");
            }

            @Override
            public void close(CloseCode code, String reason) {
                transport.close(code, reason);
            }
        };
        BufferedConnection c = new BufferedConnection("c1", "alice", throwing, 4);

        assertDoesNotThrow(() -> c.send(frame("a")));

        assertEquals(List.of(new FakeTransport.Close(CloseCode.UNEXPECTED_CONDITION, "send failed")), transport.closes());
        assertTrue(c.isClosed());
    }

    @Test
    void inlineCompletionsOf100000QueuedFramesAreWrittenByALoopNotRecursion() {
        int n = 100_000;
        BufferedConnection c = connection(n);
        List<EncodedFrame> f = frames(n + 1);
        f.forEach(frame -> assertTrue(c.send(frame)));
        assertEquals(n, c.queued());
        transport.mode = FakeTransport.Mode.INLINE;

        assertDoesNotThrow(transport::completeNext);

        List<EncodedFrame> written = transport.written();
        assertEquals(n + 1, written.size());
        for (int i = 0; i <= n; i++) {
            assertSame(f.get(i), written.get(i));
        }
        assertEquals(0, c.queued());
        assertEquals(1, transport.maxInFlight());
    }

    @Test
    void framesSentFromInsideAnInlineSendAreWrittenByTheLoop() {
        int n = 100_000;
        BufferedConnection c = connection(1);
        int[] next = {1};
        transport.mode = FakeTransport.Mode.INLINE;
        transport.insideSend = frame -> {
            if (next[0] < n) {
                assertTrue(c.send(frame("f" + next[0]++)));
            }
        };

        assertDoesNotThrow(() -> c.send(frame("f0")));

        assertEquals(n, transport.writtenCount());
        assertEquals(List.of(), transport.closes());
    }

    @Test
    void closeRequestedBeforeInlineCompletionsClosesAfterTheLastFrame() {
        BufferedConnection c = connection(10);
        List<EncodedFrame> f = frames(5);
        f.forEach(c::send);
        c.close(CloseCode.SERVICE_RESTART, "server is restarting");
        transport.mode = FakeTransport.Mode.INLINE;

        transport.completeNext();

        assertEquals(f, transport.written());
        assertEquals(List.of(new FakeTransport.Close(CloseCode.SERVICE_RESTART, "server is restarting")),
                transport.closes());
    }

    @Test
    void concurrentSendersWithAsyncCompletionsKeepOneWriteInFlightAndEachSendersOrder() throws Exception {
        int threads = 4;
        int perThread = 5_000;
        BufferedConnection c = connection(threads * perThread);
        transport.completer = Executors.newSingleThreadExecutor();
        transport.mode = FakeTransport.Mode.ASYNC;
        executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String sender = "t" + t;
            senders.add(executor.submit(() -> {
                assertTrue(start.await(5, TimeUnit.SECONDS));
                for (int i = 0; i < perThread; i++) {
                    assertTrue(c.send(frame(sender + "-" + i)));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> s : senders) {
            s.get(30, TimeUnit.SECONDS);
        }

        transport.awaitCompletedWrites(threads * perThread);

        assertEquals(1, transport.maxInFlight());
        Map<String, Integer> last = new HashMap<>();
        for (EncodedFrame written : transport.written()) {
            String[] parts = ((ShutdownNotice) written.frame()).message().split("-");
            int i = Integer.parseInt(parts[1]);
            assertEquals(last.getOrDefault(parts[0], -1) + 1, i, "order of " + parts[0]);
            last.put(parts[0], i);
        }
        assertEquals(threads, last.size());
        assertEquals(List.of(), transport.closes());
    }

    @Test
    void withAWriterExecutorTheQueuingThreadOnlyQueues() {
        ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        transport.mode = FakeTransport.Mode.INLINE;
        BufferedConnection c = new BufferedConnection("c1", "alice", transport, 4, tasks::add);

        assertTrue(c.send(frame("a")));
        assertTrue(c.send(frame("b")));
        assertEquals(List.of(), transport.written(), "nothing written by the thread that queued");
        assertEquals(1, tasks.size(), "one writer task for the idle connection, the rest queued behind it");

        tasks.poll().run();
        assertEquals(List.of(frame("a"), frame("b")), transport.written());
        assertTrue(c.send(frame("c")));
        assertEquals(1, tasks.size(), "an idle writer is started again for the next frame");
    }

    @Test
    void writerExecutorThatRejectsClosesWithUnexpectedCondition() {
        BufferedConnection c = new BufferedConnection("c1", "alice", transport, 4, task -> {
            throw new java.util.concurrent.RejectedExecutionException("stopped");
        });

        c.send(frame("a"));

        assertEquals(List.of(new FakeTransport.Close(CloseCode.UNEXPECTED_CONDITION, "send failed")), transport.closes());
        assertFalse(c.send(frame("b")));
    }

    @Test
    void queuedBytesPastTheByteCapacityCloseTheConnectionAsSlowConsumer() {
        BufferedConnection c = new BufferedConnection("c1", "alice", transport, 100).withByteCapacity(100);
        EncodedFrame big = frame("x".repeat(40)); // about 70 bytes of JSON
        assertTrue(c.send(big)); // in flight, not queued
        assertTrue(c.send(big));
        assertEquals(big.bytes(), c.queuedBytes());
        assertFalse(c.send(big), "a second queued frame would pass 100 bytes");
        assertEquals(List.of(new FakeTransport.Close(CloseCode.POLICY_VIOLATION, "slow consumer")), transport.closes());
        assertEquals(0, c.queuedBytes());
    }

    @Test
    void aWriteInFlightPastTheSendTimeoutClosesTheConnectionAsSlowConsumer() {
        int[] slow = {0};
        BufferedConnection c = new BufferedConnection("c1", "alice", transport, 4, Runnable::run, () -> slow[0]++, failure -> { });
        c.send(frame("stuck")); // the fake transport holds it: the reader stopped
        long now = System.nanoTime();
        long tenSeconds = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        assertFalse(c.closeIfStalled(now, tenSeconds), "not stalled yet");
        assertTrue(c.closeIfStalled(now + tenSeconds + tenSeconds / 10, tenSeconds));
        assertEquals(1, slow[0]);
        assertEquals(List.of(new FakeTransport.Close(CloseCode.POLICY_VIOLATION, "slow consumer")), transport.closes());
        assertFalse(c.closeIfStalled(now + 2 * tenSeconds, 1), "closed once");
    }

    @Test
    void idleConnectionIsNeverStalled() {
        BufferedConnection c = connection(4);
        assertFalse(c.closeIfStalled(Long.MAX_VALUE, 1));
    }

    @Test
    void encodedFrameMeasuresUtf8Bytes() {
        assertEquals(3, new EncodedFrame(new ShutdownNotice("x"), "a\u00e9").bytes());
        assertEquals(4, new EncodedFrame(new ShutdownNotice("x"), "\uD83D\uDE00").bytes(), "an emoji is 4 bytes");
        assertEquals(3, new EncodedFrame(new ShutdownNotice("x"), "\u20ac").bytes());
    }

    /** A transport whose send throws what a container's encoder throws for text it cannot encode. */
    private static final class ThrowingTransport implements FrameTransport {
        final Throwable toThrow;
        final List<FakeTransport.Close> closes = new ArrayList<>();
        int sends;

        ThrowingTransport(Throwable toThrow) {
            this.toThrow = toThrow;
        }

        @Override
        public void send(EncodedFrame frame, Consumer<Throwable> done) {
            sends++;
            if (toThrow instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) toThrow;
        }

        @Override
        public synchronized void close(CloseCode code, String reason) {
            closes.add(new FakeTransport.Close(code, reason));
        }
    }

    @Test
    void anErrorThrownBySendFailsThatConnectionWith1011AndIsReportedOnce() {
        ThrowingTransport throwing = new ThrowingTransport(new Error("java.nio.charset.MalformedInputException: Input length = 1"));
        List<Throwable> reported = new ArrayList<>();
        BufferedConnection c = new BufferedConnection("c1", "alice", throwing, 4, Runnable::run, () -> { }, reported::add);

        assertTrue(c.send(frame("a")));

        assertEquals(List.of(new FakeTransport.Close(CloseCode.UNEXPECTED_CONDITION, "send failed")), throwing.closes);
        assertEquals(1, reported.size());
        assertSame(throwing.toThrow, reported.get(0));
        assertFalse(c.send(frame("b")), "a failed connection takes no more frames");
        assertEquals(1, throwing.sends);
        assertTrue(c.isClosed());
    }

    @Test
    void aWriterThreadSurvivesAnErrorInOneConnectionAndKeepsWritingTheOthers() throws Exception {
        executor = Executors.newSingleThreadExecutor();
        ThrowingTransport broken = new ThrowingTransport(new Error("cannot encode"));
        transport.mode = FakeTransport.Mode.INLINE;
        BufferedConnection failing = new BufferedConnection("c1", "mallory", broken, 4, executor);
        BufferedConnection healthy = new BufferedConnection("c2", "alice", transport, 4, executor);

        failing.send(frame("bad"));
        healthy.send(frame("good"));

        transport.awaitCompletedWrites(1);
        assertEquals(List.of("good"), transport.written().stream()
                .map(f -> ((ShutdownNotice) f.frame()).message()).toList());
        assertTrue(healthy.send(frame("more")));
        transport.awaitCompletedWrites(2);
    }

    @Test
    void aFailureReportedByTheTransportIsReportedOnceEvenWithFramesQueued() {
        List<Throwable> reported = new ArrayList<>();
        BufferedConnection c = new BufferedConnection("c1", "alice", transport, 4, Runnable::run, () -> { }, reported::add);
        c.send(frame("a"));
        c.send(frame("b"));

        transport.failNext(new IOException("connection reset"));

        assertEquals(1, reported.size());
        assertEquals(List.of(new FakeTransport.Close(CloseCode.UNEXPECTED_CONDITION, "send failed")), transport.closes());
        assertEquals(1, transport.writtenCount(), "the queued frame is dropped");
    }

    @Test
    void aVirtualMachineErrorFailsTheConnectionAndIsPassedOn() {
        ThrowingTransport throwing = new ThrowingTransport(new StackOverflowError());
        BufferedConnection c = new BufferedConnection("c1", "alice", throwing, 4);

        assertThrows(StackOverflowError.class, () -> c.send(frame("a")));

        assertTrue(c.isClosed(), "the connection is failed before the error goes on");
        assertEquals(List.of(new FakeTransport.Close(CloseCode.UNEXPECTED_CONDITION, "send failed")), throwing.closes);
    }

    @Test
    void closeAfterWritesTheLastFrameAfterTheQueuedOnesAndNothingQueuedLater() {
        BufferedConnection c = connection(2);
        c.send(frame("a"));
        c.send(frame("b"));
        c.send(frame("c")); // the queue of 2 is full: "b" and "c" wait behind "a"

        c.closeAfter(frame("last"), CloseCode.SERVICE_RESTART, "server is restarting");
        assertFalse(c.send(frame("too late")), "nothing is queued after the last frame");
        while (transport.heldCount() > 0) {
            transport.completeNext();
        }

        assertEquals(List.of("a", "b", "c", "last"), transport.written().stream()
                .map(f -> ((ShutdownNotice) f.frame()).message()).toList());
        assertEquals(List.of(new FakeTransport.Close(CloseCode.SERVICE_RESTART, "server is restarting")), transport.closes());
    }

    @Test
    void closeAfterOnAnIdleConnectionWritesTheFrameThenCloses() {
        BufferedConnection c = connection(2);

        c.closeAfter(frame("last"), CloseCode.SERVICE_RESTART, "server is restarting");
        assertEquals(List.of(), transport.closes(), "not closed before the frame is written");
        transport.completeNext();

        assertEquals(1, transport.writtenCount());
        assertEquals(List.of(new FakeTransport.Close(CloseCode.SERVICE_RESTART, "server is restarting")), transport.closes());
    }

    @Test
    void aWaiterForRoomInTheQueueIsReleasedOnceTheQueueDrainsToItsBound() {
        BufferedConnection c = connection(8);
        c.send(frame("in flight"));
        c.send(frame("a"));
        c.send(frame("b"));
        long oneFrame = frame("a").bytes();

        java.util.concurrent.CompletableFuture<Void> room = c.whenQueuedAtMost(oneFrame).toCompletableFuture();
        assertFalse(room.isDone(), "two frames wait");
        transport.completeNext(); // "a" goes in flight: one waits

        assertTrue(room.isDone());
        assertTrue(c.whenQueuedAtMost(oneFrame).toCompletableFuture().isDone(), "at once when there is room already");
    }

    @Test
    void aWaiterIsReleasedWhenTheConnectionCloses() {
        BufferedConnection c = connection(8);
        c.send(frame("in flight"));
        c.send(frame("a"));
        java.util.concurrent.CompletableFuture<Void> room = c.whenQueuedAtMost(0).toCompletableFuture();

        c.close(CloseCode.NORMAL, "bye");

        assertTrue(room.isDone(), "nobody waits on a connection that is closing");
    }

    @Test
    void aCloseRacingTheLastWritesCompletionClosesTheTransportOnce() throws Exception {
        executor = Executors.newSingleThreadExecutor();
        for (int round = 0; round < 2_000; round++) {
            FakeTransport racing = new FakeTransport();
            racing.mode = FakeTransport.Mode.ASYNC;
            racing.completer = executor;
            BufferedConnection c = new BufferedConnection("c" + round, "alice", racing, 4);
            c.send(frame("a")); // completes on the executor, maybe while close runs
            c.close(CloseCode.NORMAL, "bye");
            racing.awaitClosingThreads(1);
            executor.submit(() -> { }).get(5, TimeUnit.SECONDS); // whatever the writer still does is done
            assertEquals(1, racing.closes().size(), "round " + round + ": " + racing.closes());
        }
    }
}
