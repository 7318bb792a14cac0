package chat.core.broker.inprocess;

import chat.core.broker.BrokerListener;
import chat.core.broker.BrokerUnavailableException;
import chat.core.events.Limit;
import chat.core.history.HistoryBounds;
import chat.core.history.HistoryPolicy;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.MessageType;
import chat.core.testing.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessBrokerTest {
    private static final HistoryBounds ALL = new HistoryBounds(Integer.MAX_VALUE, Long.MAX_VALUE);
    private final List<ChatMessage> received = Collections.synchronizedList(new ArrayList<>());
    private ExecutorService executor;

    @AfterEach
    void stopExecutor() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    private static ChatMessage talk(String room, String text) {
        return new ChatMessage(MessageType.TALK, room, "alice", text, 0L);
    }

    /** The TALKs as the broker delivers them: numbered 1, 2, ... in the room's history. */
    private static List<ChatMessage> numbered(List<ChatMessage> talks) {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < talks.size(); i++) {
            out.add(talks.get(i).withSeq(i + 1));
        }
        return out;
    }

    /** The stage completed normally (within 5 s). */
    private static void assertDone(CompletionStage<?> stage) throws Exception {
        stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletionStage<?> stage) throws InterruptedException, TimeoutException {
        try {
            stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        return fail("stage completed normally");
    }

    @Test
    void publishToAnUnsubscribedRoomDeliversNothing() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        broker.start(received::add);
        broker.subscribe("room-a");

        assertDone(broker.publish(talk("room-b", "hi")));

        assertEquals(List.of(), received);
    }

    @Test
    void messagesOfASubscribedRoomAreDeliveredInPublishOrder() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        broker.start(received::add);
        assertDone(broker.subscribe("room-1"));
        List<ChatMessage> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ChatMessage m = talk("room-1", "m" + i);
            sent.add(m);
            assertDone(broker.publish(m));
        }
        assertEquals(numbered(sent), received);
    }

    @Test
    void subscribingTwiceStillDeliversEachMessageOnce() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        broker.start(received::add);
        broker.subscribe("room-1");
        broker.subscribe("room-1");

        broker.publish(talk("room-1", "once"));

        assertEquals(numbered(List.of(talk("room-1", "once"))), received);
    }

    @Test
    void unsubscribeStopsDelivery() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        broker.start(received::add);
        broker.subscribe("room-1");
        broker.publish(talk("room-1", "before"));

        assertDone(broker.unsubscribe("room-1"));
        broker.publish(talk("room-1", "after"));

        assertEquals(numbered(List.of(talk("room-1", "before"))), received);
    }

    @Test
    void messagePublishedFromInsideTheListenerIsDeliveredAfterTheCurrentOneWithoutRecursion() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger maxDepth = new AtomicInteger();
        List<String> trace = Collections.synchronizedList(new ArrayList<>());
        broker.start(message -> {
            maxDepth.accumulateAndGet(depth.incrementAndGet(), Math::max);
            trace.add("start " + message.message());
            if (message.message().equals("first")) {
                broker.publish(talk("room-1", "second"));
            }
            trace.add("end " + message.message());
            depth.decrementAndGet();
        });
        broker.subscribe("room-1");

        assertDone(broker.publish(talk("room-1", "first")));

        assertEquals(List.of("start first", "end first", "start second", "end second"), trace);
        assertEquals(1, maxDepth.get());
    }

    @Test
    void listenerRepublishingManyTimesDoesNotOverflowTheStack() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        AtomicInteger count = new AtomicInteger();
        broker.start(message -> {
            if (count.incrementAndGet() < 100_000) {
                broker.publish(talk("room-1", "again"));
            }
        });
        broker.subscribe("room-1");

        assertDone(broker.publish(talk("room-1", "go")));

        assertEquals(100_000, count.get());
    }

    @Test
    void publishBeyondTheRoomBacklogFailsWithBrokerUnavailable() throws Exception {
        InProcessBroker broker = new InProcessBroker(2);
        List<CompletionStage<ChatMessage>> inner = new ArrayList<>();
        broker.start(message -> {
            received.add(message);
            if (message.message().equals("first")) {
                for (int i = 0; i < 3; i++) {
                    inner.add(broker.publish(talk("room-1", "queued" + i)));
                }
            }
        });
        broker.subscribe("room-1");

        assertDone(broker.publish(talk("room-1", "first")));

        assertDone(inner.get(0));
        assertDone(inner.get(1));
        assertInstanceOf(BrokerUnavailableException.class, failureOf(inner.get(2)));
        assertEquals(numbered(List.of(talk("room-1", "first"), talk("room-1", "queued0"), talk("room-1", "queued1"))),
                received);
    }

    @Test
    void backlogBoundIsPerRoom() throws Exception {
        InProcessBroker broker = new InProcessBroker(1);
        List<CompletionStage<ChatMessage>> inner = new ArrayList<>();
        broker.start(message -> {
            received.add(message);
            if (message.message().equals("first")) {
                inner.add(broker.publish(talk("room-1", "one more here")));
                inner.add(broker.publish(talk("room-2", "other room")));
            }
        });
        broker.subscribe("room-1");
        broker.subscribe("room-2");

        broker.publish(talk("room-1", "first"));

        assertDone(inner.get(0));
        assertDone(inner.get(1));
        assertEquals(3, received.size());
    }

    @Test
    void publishAfterCloseFailsWithBrokerUnavailable() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        broker.start(received::add);
        broker.subscribe("room-1");
        broker.close();

        assertInstanceOf(BrokerUnavailableException.class, failureOf(broker.publish(talk("room-1", "late"))));
        assertEquals(List.of(), received);
    }

    @Test
    void subscribeAfterCloseFailsWithBrokerUnavailable() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        broker.start(received::add);
        broker.close();

        assertInstanceOf(BrokerUnavailableException.class, failureOf(broker.subscribe("room-1")));
    }

    @Test
    void closeIsIdempotent() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        broker.start(received::add);
        broker.close();
        broker.close();

        assertInstanceOf(BrokerUnavailableException.class, failureOf(broker.publish(talk("room-1", "x"))));
    }

    @Test
    void publishBeforeStartFails() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        broker.subscribe("room-1");

        assertInstanceOf(IllegalStateException.class, failureOf(broker.publish(talk("room-1", "x"))));
    }

    @Test
    void startingTwiceIsRejected() {
        InProcessBroker broker = new InProcessBroker();
        broker.start(received::add);
        assertThrows(IllegalStateException.class, () -> broker.start(received::add));
    }

    @Test
    void nonPositiveBacklogIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InProcessBroker(0));
        assertTrue(e.getMessage().contains("maxBacklogPerRoom"), e.getMessage());
    }

    @Test
    void listenerFailureDoesNotStopTheRoom() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        broker.start(message -> {
            received.add(message);
            if (message.message().equals("boom")) {
                throw new IllegalStateException("listener bug");
            }
        });
        broker.subscribe("room-1");
        AtomicReference<Throwable> reported = new AtomicReference<>();
        Thread current = Thread.currentThread();
        Thread.UncaughtExceptionHandler previous = current.getUncaughtExceptionHandler();
        current.setUncaughtExceptionHandler((t, e) -> reported.set(e));
        try {
            broker.publish(talk("room-1", "boom"));
            broker.publish(talk("room-1", "after"));
        } finally {
            current.setUncaughtExceptionHandler(previous);
        }

        assertEquals(numbered(List.of(talk("room-1", "boom"), talk("room-1", "after"))), received);
        assertInstanceOf(IllegalStateException.class, reported.get());
    }

    @Test
    void concurrentPublishersReachTheListenerOneAtATimeInEachPublishersOrder() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        broker.start(message -> {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            received.add(message);
            active.decrementAndGet();
        });
        broker.subscribe("room-1");
        int threads = 8;
        int perThread = 2_000;
        executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String sender = "t" + t;
            done.add(executor.submit(() -> {
                assertTrue(start.await(5, TimeUnit.SECONDS));
                for (int i = 0; i < perThread; i++) {
                    broker.publish(talk("room-1", sender + ":" + i)).toCompletableFuture().join();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }

        assertEquals(threads * perThread, received.size());
        assertEquals(1, maxActive.get());
        Map<String, Integer> lastSeen = new HashMap<>();
        synchronized (received) {
            for (ChatMessage m : received) {
                String[] parts = m.message().split(":");
                int n = Integer.parseInt(parts[1]);
                assertEquals(lastSeen.getOrDefault(parts[0], -1) + 1, n, "order of " + parts[0]);
                lastSeen.put(parts[0], n);
            }
        }
    }

    /**
     * A room is unsubscribed and subscribed again while another thread is still delivering its
     * earlier messages. The Broker contract still requires one delivery at a time per room, and
     * one publisher's messages in its publishing order.
     */
    @Test
    void resubscribeWhileEarlierMessagesAreStillBeingDeliveredKeepsOneDeliveryAtATime() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        CountDownLatch firstEntered = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        broker.start(message -> {
            maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                received.add(message);
                if (message.message().equals("m1")) {
                    firstEntered.countDown();
                    assertTrue(releaseFirst.await(5, TimeUnit.SECONDS));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                active.decrementAndGet();
            }
        });
        broker.subscribe("room-1");
        executor = Executors.newSingleThreadExecutor();
        Future<?> firstPublisher = executor.submit(() -> broker.publish(talk("room-1", "m1")));
        assertTrue(firstEntered.await(5, TimeUnit.SECONDS));

        broker.publish(talk("room-1", "m2"));     // queued behind m1, which is still being delivered
        broker.unsubscribe("room-1");
        broker.subscribe("room-1");
        broker.publish(talk("room-1", "m3"));     // same room, same publisher, after m2
        releaseFirst.countDown();
        firstPublisher.get(5, TimeUnit.SECONDS);

        assertEquals(1, maxActive.get(), "deliveries of one room overlapped: " + received);
        List<String> texts = received.stream().map(ChatMessage::message).toList();
        if (texts.contains("m2")) {
            assertTrue(texts.indexOf("m2") < texts.indexOf("m3"), "m3 overtook m2: " + texts);
        }
    }

    @Test
    void historyKeepsTheNewestTalksOnlyAndAnswersBothDirections() throws Exception {
        InProcessBroker broker = new InProcessBroker(1024, new HistoryPolicy(5, java.time.Duration.ofMinutes(1)), java.time.Clock.systemUTC());
        broker.start(received::add);
        assertDone(broker.subscribe("room-1"));
        assertDone(broker.publish(new ChatMessage(MessageType.ENTER, "room-1", "alice", "", 0L)));
        for (int i = 1; i <= 8; i++) {
            assertDone(broker.publish(talk("room-1", "m" + i)));
        }
        HistorySlice after = broker.historyAfter("room-1", 5, ALL).toCompletableFuture().get();
        assertEquals(List.of(6L, 7L, 8L), after.messages().stream().map(ChatMessage::seq).toList());
        assertEquals(4, after.firstSeq());
        assertEquals(8, after.latestSeq());
        HistorySlice before = broker.historyBefore("room-1", 7, new HistoryBounds(2, Long.MAX_VALUE)).toCompletableFuture().get();
        assertEquals(List.of("m5", "m6"), before.messages().stream().map(ChatMessage::message).toList());
        assertTrue(broker.historyAfter("room-1", 1, ALL).toCompletableFuture().get().missesAfter(1));
        HistorySlice unknown = broker.historyAfter("other", 0, ALL).toCompletableFuture().get();
        assertEquals(List.of(), unknown.messages());
        assertEquals(0, unknown.latestSeq());
    }

    @Test
    void aRoomWithoutHistoryIsForgottenOnUnsubscribeAndOneWithHistoryAfterItsRetention() throws Exception {
        ManualClock clock = new ManualClock();
        InProcessBroker broker = new InProcessBroker(1024, new HistoryPolicy(5, java.time.Duration.ofMinutes(1)), clock);
        broker.start(received::add);
        assertDone(broker.subscribe("quiet"));
        assertDone(broker.subscribe("talky"));
        assertDone(broker.publish(talk("talky", "x")));
        assertDone(broker.unsubscribe("quiet"));
        assertDone(broker.unsubscribe("talky"));
        assertEquals(1, broker.roomsHeld());

        clock.advance(java.time.Duration.ofMinutes(1));
        assertDone(broker.subscribe("unrelated")); // any call sweeps what expired
        assertEquals(1, broker.roomsHeld());
        assertEquals(0, broker.historyAfter("talky", 0, ALL).toCompletableFuture().get().latestSeq());
    }

    @Test
    void aRoomsMailboxIsBoundedInBytesToo() throws Exception {
        InProcessBroker broker = new InProcessBroker();
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Limit> reached = Collections.synchronizedList(new ArrayList<>());
        broker.start(new BrokerListener() {
            @Override
            public void onMessage(ChatMessage message) {
                if (message.message().equals("first")) {
                    inListener.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void limitReached(Limit limit) {
                reached.add(limit);
            }
        });
        assertDone(broker.subscribe("room-1"));
        executor = Executors.newSingleThreadExecutor();
        executor.submit(() -> broker.publish(talk("room-1", "first"))); // its publisher drains, and waits in the listener
        assertTrue(inListener.await(10, TimeUnit.SECONDS));

        String big = "b".repeat(8_000);
        int accepted = 0;
        Throwable refused = null;
        for (int i = 0; i < 10_000 && refused == null; i++) {
            CompletionStage<ChatMessage> stage = broker.publish(talk("room-1", big));
            if (stage.toCompletableFuture().isCompletedExceptionally()) {
                refused = failureOf(stage);
            } else {
                accepted++;
            }
        }
        release.countDown();

        assertTrue(refused instanceof BrokerUnavailableException, String.valueOf(refused));
        long perMessage = ChatCodec.encodedBytes(talk("room-1", big).withSeq(9_999));
        assertTrue(accepted * perMessage <= InProcessBroker.MAX_BACKLOG_BYTES_PER_ROOM, accepted + " accepted");
        assertTrue(accepted > InProcessBroker.MAX_BACKLOG_BYTES_PER_ROOM / perMessage - 2, accepted + " accepted");
        assertEquals(List.of(Limit.BROKER_QUEUE), reached);
    }
}
