package chat.core.testing;

import chat.core.broker.Broker;
import chat.core.broker.BrokerListener;
import chat.core.broker.inprocess.InProcessBroker;
import chat.core.history.HistoryBounds;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatMessage;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test broker around a real {@link InProcessBroker}: each subscribe returns a stage the test
 * completes (or fails) later, as a remote broker would; the room becomes subscribed in the inner
 * broker only when the test completes it. Publishing can be made to fail.
 */
public final class DeferredBroker implements Broker {
    private record PendingSubscription(String roomId, CompletableFuture<Void> gate) {
    }

    public final InProcessBroker inner = new InProcessBroker();
    public final AtomicInteger subscribeCalls = new AtomicInteger();
    public final AtomicInteger unsubscribeCalls = new AtomicInteger();
    private final List<PendingSubscription> pending = new ArrayList<>();
    /** When set, publish returns a stage failed with this exception. */
    public volatile RuntimeException publishFailure;
    /** When set, publish throws this exception instead of returning a stage. */
    public volatile RuntimeException publishThrows;

    @Override
    public void start(BrokerListener listener) {
        inner.start(listener);
    }

    @Override
    public CompletionStage<Void> subscribe(String roomId) {
        subscribeCalls.incrementAndGet();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        synchronized (pending) {
            pending.add(new PendingSubscription(roomId, gate));
        }
        return gate.thenCompose(ignored -> inner.subscribe(roomId));
    }

    @Override
    public CompletionStage<Void> unsubscribe(String roomId) {
        unsubscribeCalls.incrementAndGet();
        return inner.unsubscribe(roomId);
    }

    @Override
    public CompletionStage<ChatMessage> publish(ChatMessage message) {
        RuntimeException toThrow = publishThrows;
        if (toThrow != null) {
            throw toThrow;
        }
        RuntimeException failure = publishFailure;
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        return inner.publish(message);
    }

    @Override
    public CompletionStage<HistorySlice> historyAfter(String roomId, long afterSeq, HistoryBounds bounds) {
        return inner.historyAfter(roomId, afterSeq, bounds);
    }

    @Override
    public CompletionStage<HistorySlice> historyBefore(String roomId, long beforeSeq, HistoryBounds bounds) {
        return inner.historyBefore(roomId, beforeSeq, bounds);
    }

    @Override
    public void close() {
        inner.close();
    }

    /** Number of subscriptions that were asked for and are not settled yet. */
    public int pendingSubscriptions() {
        synchronized (pending) {
            return (int) pending.stream().filter(p -> !p.gate().isDone()).count();
        }
    }

    /** Completes the oldest unsettled subscription of the room. */
    public void completeSubscription(String roomId) {
        assertTrue(takeGate(roomId).complete(null));
    }

    /** Fails the oldest unsettled subscription of the room. */
    public void failSubscription(String roomId, RuntimeException failure) {
        assertTrue(takeGate(roomId).completeExceptionally(failure));
    }

    private CompletableFuture<Void> takeGate(String roomId) {
        synchronized (pending) {
            for (PendingSubscription p : pending) {
                if (p.roomId().equals(roomId) && !p.gate().isDone()) {
                    return p.gate();
                }
            }
        }
        return fail("no pending subscription for " + roomId);
    }
}
