package chat.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per TALK this process sent, how many of its own members should get it and how many did:
 * loss, duplicates and out-of-order deliveries, in all and per room. Thread-safe; sized up front
 * for the run's TALKs.
 */
final class Tally {
    private final int rooms;
    private final AtomicIntegerArray expected;
    private final AtomicIntegerArray received;
    private final int[] roomOf;
    private final AtomicLong sent = new AtomicLong();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final LongAdder orderViolations = new LongAdder();
    private final long[] orderViolationsByRoom;

    Tally(int messages, int rooms) {
        this.rooms = rooms;
        this.expected = new AtomicIntegerArray(messages);
        this.received = new AtomicIntegerArray(messages);
        this.roomOf = new int[messages];
        this.orderViolationsByRoom = new long[rooms];
    }

    /** TALK {@code id} went to {@code room}, where {@code recipients} of this process's members were joined. */
    void sent(int id, int room, int recipients) {
        roomOf[id] = room;
        expected.set(id, recipients);
        sent.incrementAndGet();
    }

    /** A member received TALK {@code id} of this process. */
    void received(int id) {
        deliveries.increment();
        if (received.incrementAndGet(id) > expected.get(id)) {
            duplicates.increment();
        }
    }

    /** A member received a TALK another process sent (counted, not checked). */
    void receivedForeign() {
        foreign.increment();
    }

    /** A member got a room's TALKs out of seq order. */
    void orderViolation(int room) {
        orderViolations.increment();
        synchronized (orderViolationsByRoom) {
            orderViolationsByRoom[room]++;
        }
    }

    long sent() {
        return sent.get();
    }

    long deliveries() {
        return deliveries.sum();
    }

    long foreign() {
        return foreign.sum();
    }

    long duplicates() {
        return duplicates.sum();
    }

    long orderViolations() {
        return orderViolations.sum();
    }

    /** Deliveries expected for the TALKs sent so far. */
    long expected() {
        long total = 0;
        for (int id = 0, n = (int) Math.min(sent.get(), expected.length()); id < n; id++) {
            total += expected.get(id);
        }
        return total;
    }

    /** Deliveries expected and not (yet) made, over the TALKs sent so far. */
    long missing() {
        long total = 0;
        for (int id = 0, n = (int) Math.min(sent.get(), expected.length()); id < n; id++) {
            total += Math.max(0, expected.get(id) - received.get(id));
        }
        return total;
    }

    /** Rooms with missing deliveries or order violations, worst first, at most {@code limit}. */
    List<RoomLoss> roomsWithProblems(int limit, java.util.function.IntFunction<String> roomName) {
        long[] missing = new long[rooms];
        for (int id = 0, n = (int) Math.min(sent.get(), expected.length()); id < n; id++) {
            missing[roomOf[id]] += Math.max(0, expected.get(id) - received.get(id));
        }
        List<RoomLoss> problems = new ArrayList<>();
        synchronized (orderViolationsByRoom) {
            for (int room = 0; room < rooms; room++) {
                if (missing[room] > 0 || orderViolationsByRoom[room] > 0) {
                    problems.add(new RoomLoss(roomName.apply(room), missing[room], orderViolationsByRoom[room]));
                }
            }
        }
        problems.sort((a, b) -> Long.compare(b.missing() + b.orderViolations(), a.missing() + a.orderViolations()));
        return problems.subList(0, Math.min(limit, problems.size()));
    }

    /** What went wrong in one room. */
    record RoomLoss(String room, long missing, long orderViolations) {
    }
}
