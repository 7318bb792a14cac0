package chat.core.testing;

import chat.core.broker.Broker;
import chat.core.broker.BrokerListener;
import chat.core.broker.inprocess.InProcessBroker;
import chat.core.history.HistoryBounds;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatMessage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Test broker around a real {@link InProcessBroker} that can lose deliveries, as a remote broker
 * does while its subscription is down, then report the subscription remade; and that can hold
 * history reads until the test releases them, so live traffic arrives while a read is pending.
 */
public final class LossyBroker implements Broker {
    final InProcessBroker inner;
    private volatile BrokerListener listener;
    private volatile boolean cut;
    private volatile CompletableFuture<Void> readGate = CompletableFuture.completedFuture(null);
    /** History reads asked of this broker so far. */
    public final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();

    public LossyBroker(InProcessBroker inner) {
        this.inner = inner;
    }

    /** From now on, messages are stored and numbered but not delivered. */
    public void cut() {
        cut = true;
    }

    /** Delivers again, and tells the listener the room's subscription was remade. */
    public void resubscribed(String roomId) {
        cut = false;
        listener.onResubscribed(roomId);
    }

    /** Delivers again without saying so, as if the loss went unnoticed. */
    public void heal() {
        cut = false;
    }

    /**
     * Hands the listener a message as if it had come on the room's channel, without the broker
     * numbering or storing it: what a foreign publisher on a shared Redis, or a lost counter, does.
     */
    public void inject(ChatMessage message) {
        listener.onMessage(message);
    }

    /** History reads from now on wait for the returned gate. */
    public CompletableFuture<Void> holdReads() {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        readGate = gate;
        return gate;
    }

    @Override
    public void start(BrokerListener listener) {
        this.listener = listener;
        inner.start(message -> {
            if (!cut) {
                listener.onMessage(message);
            }
        });
    }

    @Override
    public CompletionStage<Void> subscribe(String roomId) {
        return inner.subscribe(roomId);
    }

    @Override
    public CompletionStage<Void> unsubscribe(String roomId) {
        return inner.unsubscribe(roomId);
    }

    @Override
    public CompletionStage<ChatMessage> publish(ChatMessage message) {
        return inner.publish(message);
    }

    @Override
    public CompletionStage<HistorySlice> historyAfter(String roomId, long afterSeq, HistoryBounds bounds) {
        reads.incrementAndGet();
        return readGate.thenCompose(open -> inner.historyAfter(roomId, afterSeq, bounds));
    }

    @Override
    public CompletionStage<HistorySlice> historyBefore(String roomId, long beforeSeq, HistoryBounds bounds) {
        reads.incrementAndGet();
        return readGate.thenCompose(open -> inner.historyBefore(roomId, beforeSeq, bounds));
    }

    @Override
    public void close() {
        inner.close();
    }
}
