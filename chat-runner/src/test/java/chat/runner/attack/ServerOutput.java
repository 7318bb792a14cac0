package chat.runner.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a server process wrote (stdout and stderr, merged), line by line, and the search for
 * stack traces in it. Thread-safe: one thread appends while tests read.
 */
final class ServerOutput {
    /** A stack frame as a logged throwable prints it: {@code \tat chat.core.X.y(X.java:1)}. */
    private static final Pattern FRAME = Pattern.compile("^\\s+at\\s+\\S+\\(.*\\)\\s*$");
    /** The head of a printed throwable: its class name, optionally its message; also "Caused by:" and uncaught ones. */
    private static final Pattern THROWABLE = Pattern.compile(
            "^(?:Exception in thread \".*\" |Caused by: |\\s*Suppressed: )?(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error|Throwable)(?::.*)?$");
    /** "... N more" closes a nested trace. */
    private static final Pattern MORE = Pattern.compile("^\\s+\\.\\.\\. \\d+ more\\s*$");

    private final List<String> lines = new ArrayList<>();

    synchronized void add(String line) {
        lines.add(line);
        notifyAll();
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits for a line matching {@code pattern}; null when none comes within the wait. */
    synchronized Matcher await(Pattern pattern, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                Matcher m = pattern.matcher(lines.get(checked));
                if (m.find()) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * The lines that belong to a printed throwable: stack frames, throwable heads, "... N more".
     * Empty for a server that logged no stack trace.
     */
    synchronized List<String> stackTraceLines() {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            if (FRAME.matcher(line).matches() || THROWABLE.matcher(line).matches() || MORE.matcher(line).matches()) {
                found.add(line);
            }
        }
        return found;
    }

    /** The first stack trace with the log lines just before it, for a failure message. */
    synchronized String firstStackTraceInContext() {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FRAME.matcher(line).matches() || THROWABLE.matcher(line).matches()) {
                int from = Math.max(0, i - 2);
                int to = Math.min(lines.size(), i + 12);
                return String.join("\n", lines.subList(from, to));
            }
        }
        return "";
    }

    /** The last {@code n} lines, for failure messages. */
    synchronized String tail(int n) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
}
