package chat.core.history;

/**
 * How much one history read may return: at most {@code messages} TALKs whose JSON, as stored,
 * adds up to at most {@code bytes} UTF-8 bytes. A read takes the newest TALKs that fit and stops at
 * the first that does not, so what it returns is always a run of consecutive seqs ending with the
 * newest one asked for; a TALK alone larger than {@code bytes} is never returned.
 *
 * <p>Every read a client can cause is bounded this way, so no request (a HISTORY page, a resume,
 * an instance's recovery after a lost subscription) makes the broker read, or a client receive,
 * more than its bounds, however large the stored TALKs are.
 *
 * @param messages 0 (only the slice's seq bounds are wanted) or more
 * @param bytes    0 or more
 */
public record HistoryBounds(int messages, long bytes) {
    /** Only the seq bounds of the history, no message. */
    public static final HistoryBounds NONE = new HistoryBounds(0, 0);

    public HistoryBounds {
        if (messages < 0 || bytes < 0) {
            throw new IllegalArgumentException("history bounds must not be negative, were " + messages + " messages and "
                    + bytes + " bytes");
        }
    }

    /** Whether one more TALK of {@code size} bytes fits after {@code taken} TALKs of {@code used} bytes. */
    public boolean fits(int taken, long used, long size) {
        return taken < messages && used + size <= bytes;
    }
}
