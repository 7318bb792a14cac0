package chat.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What one class's logger logs from when this is opened until it is closed, for tests that check
 * what a broker says (one line, no stack trace, nothing about a room). Closing removes the recorder
 * and puts the logger's level back; until then records may arrive from any thread.
 *
 * <pre>{@code
 * try (RecordedLog log = RecordedLog.of(RoomTraffic.class, Level.ALL)) {
 *     ...
 *     assertEquals(1, log.records().size());
 * }
 * }</pre>
 */
final class RecordedLog implements AutoCloseable {
    private final Logger logger;
    private final Level levelBefore;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private RecordedLog(Class<?> source, Level level) {
        logger = Logger.getLogger(source.getName());
        levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        logger.addHandler(recorder);
    }

    /** Records what {@code source}'s logger passes at the level it is configured with. */
    static RecordedLog of(Class<?> source) {
        return new RecordedLog(source, null);
    }

    /** Records what {@code source}'s logger passes with its level set to {@code level} meanwhile. */
    static RecordedLog of(Class<?> source, Level level) {
        return new RecordedLog(source, level);
    }

    /** What was logged so far, in order; a live view. */
    List<LogRecord> records() {
        return records;
    }

    /** The messages logged so far, for failure messages. */
    List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(recorder);
        logger.setLevel(levelBefore);
    }
}
