package chat.redis;

import chat.core.broker.BrokerListener;
import chat.core.protocol.ChatMessage;
import chat.core.events.Limit;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A broker listener for tests: queues every message and records what the broker reports. Thread-safe. */
final class RecordingListener implements BrokerListener {
    private final BlockingQueue<ChatMessage> messages = new LinkedBlockingQueue<>();
    private final AtomicInteger invalid = new AtomicInteger();
    private final Map<Limit, AtomicInteger> limits = new ConcurrentHashMap<>();
    private final Set<String> resubscribed = ConcurrentHashMap.newKeySet();

    @Override
    public void onMessage(ChatMessage message) {
        messages.add(message);
    }

    @Override
    public void onResubscribed(String roomId) {
        resubscribed.add(roomId);
    }

    @Override
    public void limitReached(Limit limit) {
        limits.computeIfAbsent(limit, l -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void invalidMessageDropped() {
        invalid.incrementAndGet();
    }

    /** The next message, waiting up to 5 s; fails when none comes. */
    ChatMessage next() throws InterruptedException {
        ChatMessage m = messages.poll(5, TimeUnit.SECONDS);
        assertNotNull(m, "nothing delivered within 5 s");
        return m;
    }

    /** Whether the broker reported the room subscribed again after losing its subscription. */
    boolean wasResubscribed(String roomId) {
        return resubscribed.contains(roomId);
    }

    int pending() {
        return messages.size();
    }

    int invalidDropped() {
        return invalid.get();
    }

    int limitsReached(Limit limit) {
        AtomicInteger count = limits.get(limit);
        return count == null ? 0 : count.get();
    }
}
