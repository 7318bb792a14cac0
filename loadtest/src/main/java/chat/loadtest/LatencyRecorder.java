package chat.loadtest;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in nanoseconds, recorded wait-free from any number of threads, summarised in
 * milliseconds. Backed by HdrHistogram at 3 significant digits, so percentiles are exact to 0.1%.
 */
final class LatencyRecorder {
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);

    void record(long nanos) {
        recorder.recordValue(Math.max(0, nanos));
    }

    /** Everything recorded so far. */
    synchronized Summary summary() {
        total.add(recorder.getIntervalHistogram());
        return Summary.of(total);
    }

    /** What was recorded since the last call of this method or {@link #summary()}; also kept in the total. */
    synchronized Summary interval() {
        Histogram recent = recorder.getIntervalHistogram();
        total.add(recent);
        return Summary.of(recent);
    }

    /** Count and percentiles of the recorded latencies, in milliseconds. */
    record Summary(long count, double p50, double p90, double p99, double p999, double max) {

        static Summary of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Summary(0, 0, 0, 0, 0, 0);
            }
            return new Summary(h.getTotalCount(), millis(h.getValueAtPercentile(50)),
                    millis(h.getValueAtPercentile(90)), millis(h.getValueAtPercentile(99)),
                    millis(h.getValueAtPercentile(99.9)), millis(h.getMaxValue()));
        }

        private static double millis(long nanos) {
            return Math.round(nanos / 1_000.0) / 1_000.0;
        }

        @Override
        public String toString() {
            return "p50 " + p50 + " ms, p90 " + p90 + " ms, p99 " + p99 + " ms, p99.9 " + p999 + " ms, max " + max
                    + " ms (" + count + ")";
        }
    }
}
