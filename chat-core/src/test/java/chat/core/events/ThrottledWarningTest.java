package chat.core.events;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ThrottledWarningTest {
    private final AtomicLong clock = new AtomicLong(1_000);
    private final Lines lines = new Lines(System.Logger.Level.WARNING);
    private final ThrottledWarning warning = new ThrottledWarning(lines, Duration.ofNanos(100), clock::get);

    @Test
    void theFirstOccurrenceIsLoggedAtOnceAndTheFloodAfterItOnceAnInterval() {
        warning.occurred(count -> "failed " + count);
        for (int i = 0; i < 50; i++) {
            clock.addAndGet(1);
            warning.occurred(count -> "failed " + count);
        }
        assertEquals(List.of("failed 1"), lines.texts);

        clock.addAndGet(100);
        warning.occurred(count -> "failed " + count);
        assertEquals(List.of("failed 1", "failed 51"), lines.texts, "the next line reports what was held back");
    }

    @Test
    void aFailureGoesWithTheLine() {
        IllegalStateException failure = new IllegalStateException("boom");
        warning.occurred(count -> "x", failure);
        warning.occurred(count -> "y");
        assertEquals(1, lines.texts.size());
        assertSame(failure, lines.failures.get(0));
    }

    @Test
    void occurrencesBelowTheLoggedLevelAreCountedForTheNextLineThatIsWritten() {
        warning.occurred(System.Logger.Level.DEBUG, count -> "debug " + count, null);
        warning.occurred(System.Logger.Level.DEBUG, count -> "debug " + count, null);
        assertEquals(List.of(), lines.texts, "DEBUG is not logged, and no turn is spent on it");

        warning.occurred(count -> "warned " + count);
        assertEquals(List.of("warned 3"), lines.texts);
        assertNull(lines.failures.get(0));
    }

    /** A logger that keeps what it is given at {@code threshold} and above. */
    private static final class Lines implements System.Logger {
        final List<String> texts = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();
        private final Level threshold;

        Lines(Level threshold) {
            this.threshold = threshold;
        }

        @Override
        public String getName() {
            return "lines";
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            texts.add(msg);
            failures.add(thrown);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            texts.add(format);
            failures.add(null);
        }
    }
}
