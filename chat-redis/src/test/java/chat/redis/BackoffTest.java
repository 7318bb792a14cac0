package chat.redis;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void delaysGrowFromAHundredMillisecondsAndStayUnderTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(1_000));
        long first = backoff.nextDelayMs();
        assertTrue(first >= 50 && first <= 100, "first delay " + first);
        long last = 0;
        for (int i = 0; i < 50; i++) {
            last = backoff.nextDelayMs();
            assertTrue(last <= 1_000, "delay over the cap: " + last);
        }
        assertTrue(last >= 500, "capped delays keep at least half the cap (jitter): " + last);
    }

    @Test
    void resetStartsAgainFromTheShortestDelay() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelayMs();
        }
        backoff.reset();
        assertTrue(backoff.nextDelayMs() <= 100);
    }

    @Test
    void jitterSpreadsTheDelays() {
        Backoff a = new Backoff(Duration.ofSeconds(5));
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            a.reset();
            for (int k = 0; k < 5; k++) {
                a.nextDelayMs();
            }
            seen.add(a.nextDelayMs());
        }
        assertTrue(seen.size() > 1, "twenty reconnecting instances would retry in lockstep: " + seen);
    }
}
