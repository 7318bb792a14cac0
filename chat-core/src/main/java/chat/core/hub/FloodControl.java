package chat.core.hub;

/**
 * One connection's inbound rate: a token bucket of {@code RATE_BURST} refilled at
 * {@code RATE_PER_SECOND}, and what to do with a frame beyond it. A frame without a token is
 * refused (answered RATE_LIMITED); {@code RATE_WARNINGS} refusals in a row mean a flood, and the
 * connection is closed; after that its frames are dropped unanswered. Not thread-safe: the thread
 * that delivers the connection's frames, one at a time, is its only user.
 */
final class FloodControl {
    /** What to do with one frame. */
    enum Verdict {
        /** Within the rate: handle it. */
        PASS,
        /** Beyond the rate: answer RATE_LIMITED, drop the frame. */
        REFUSE,
        /** A flood: close the connection. */
        CLOSE,
        /** Closing for a flood already: drop it unanswered. */
        DROP
    }

    private final TokenBucket bucket;
    private final int warnings;
    private int refusedInARow;
    private boolean flooded;

    FloodControl(ChatLimits limits, long nowMillis) {
        this.bucket = new TokenBucket(limits.rateBurst(), limits.ratePerSecond(), nowMillis);
        this.warnings = limits.rateWarnings();
    }

    Verdict take(long nowMillis) {
        if (flooded) {
            return Verdict.DROP;
        }
        if (bucket.tryTake(nowMillis)) {
            refusedInARow = 0;
            return Verdict.PASS;
        }
        refusedInARow++;
        if (refusedInARow > warnings) {
            flooded = true;
            return Verdict.CLOSE;
        }
        return Verdict.REFUSE;
    }
}
