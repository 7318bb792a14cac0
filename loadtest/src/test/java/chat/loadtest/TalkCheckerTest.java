package chat.loadtest;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TalkCheckerTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void latencyRunsFromThePlannedSendTimeSoALateSenderCounts() {
        Tally tally = new Tally(2, 1);
        LatencyRecorder latency = new LatencyRecorder();
        TalkChecker checker = new TalkChecker("p", 0, tally, latency, () -> 0);
        tally.sent(0, 0, 1);
        tally.sent(1, 0, 1);
        // planned at 1,000 ms; the sender fell 50 ms behind, the server took 1 ms: 51 ms, not 1 ms
        checker.onTalk("p-0", new TalkText("p", 0, 1_000 * MS).format(), 1, 1_051 * MS);
        checker.onTalk("p-0", new TalkText("p", 1, 1_010 * MS).format(), 2, 1_052 * MS);

        LatencyRecorder.Summary summary = latency.summary();
        assertEquals(2, summary.count());
        assertEquals(51.0, summary.max(), 0.1);
        assertEquals(0, tally.missing());
    }

    @Test
    void warmUpTalksAreCountedButNotTimedAndSeqMustRise() {
        Tally tally = new Tally(2, 1);
        LatencyRecorder latency = new LatencyRecorder();
        TalkChecker checker = new TalkChecker("p", 0, tally, latency, () -> 100 * MS);
        tally.sent(0, 0, 1);
        tally.sent(1, 0, 1);
        checker.onTalk("p-0", new TalkText("p", 0, 50 * MS).format(), 5, 60 * MS); // warm-up
        checker.onTalk("p-0", new TalkText("p", 1, 150 * MS).format(), 4, 160 * MS); // seq went down
        checker.onTalk("q-0", "someone else's", 6, 170 * MS);

        assertEquals(1, latency.summary().count());
        assertEquals(2, tally.deliveries());
        assertEquals(1, tally.orderViolations());
        assertEquals(1, tally.foreign());
    }
}
