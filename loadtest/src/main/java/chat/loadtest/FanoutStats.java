package chat.loadtest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the members of a fanout run received, all together. Thread-safe. */
final class FanoutStats {
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LatencyRecorder roundTrip = new LatencyRecorder();
    private final LongAdder received = new LongAdder();
    private final LongAdder orderViolations = new LongAdder();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();
    private volatile String senderId = "";

    /** The member whose TALKs are counted; set before it sends the first. */
    void senderId(String userId) {
        senderId = userId;
    }

    String senderId() {
        return senderId;
    }

    /** One TALK reached one member {@code latencyNanos} after it was sent; {@code ownEcho} when that member is the sender. */
    void delivered(long latencyNanos, long atNanos, boolean ownEcho) {
        received.increment();
        latency.record(latencyNanos);
        if (ownEcho) {
            roundTrip.record(latencyNanos);
        }
        lastDeliveryNanos.accumulateAndGet(atNanos, (a, b) -> b - a > 0 ? b : a);
    }

    void orderViolation() {
        orderViolations.increment();
    }

    long received() {
        return received.sum();
    }

    long orderViolations() {
        return orderViolations.sum();
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos.get();
    }

    LatencyRecorder.Summary latency() {
        return latency.summary();
    }

    LatencyRecorder.Summary roundTrip() {
        return roundTrip.summary();
    }
}
