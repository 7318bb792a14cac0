package chat.runner;

import org.glassfish.grizzly.Buffer;

/**
 * One WebSocket connection's inbound frames as {@link InboundFrameGuard} follows them across reads:
 * header bytes are parsed, payload bytes counted and skipped (never copied), and each complete
 * header is judged: a frame that is not masked (RFC 6455 requires every client frame to be), a
 * payload over the limit, or a ping with no token left in the connection's bucket, refuses the
 * connection for good.
 *
 * <p>The ping bucket holds {@code burst} tokens and refills at {@code perSecond}, as the hub's
 * bucket for text frames does.
 *
 * <p>It also knows whether a read starts where Tyrus holds nothing of this connection: at a frame
 * boundary, outside a fragmented message and before any close frame ({@link #readStartsClean}).
 * Only such a read's leading frames may be taken past Tyrus ({@link DirectFrameReader}). Not
 * thread-safe: one connection's reads are handled one at a time.
 */
final class InboundFrames {
    /** What a read means for its connection. */
    enum Verdict {
        /** Nothing wrong so far: hand the read on. */
        PASS,
        /** A frame came without a mask: the client is not speaking WebSocket as RFC 6455 says. */
        UNMASKED,
        /** A frame header announced a payload over the limit. */
        TOO_LARGE,
        /** A ping came with no token left. */
        PING_FLOOD,
        /** Refused by an earlier read: the connection is being closed. */
        REFUSED
    }

    private static final int PING = 0x9;
    private static final int CLOSE = 0x8;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long maxPayload;
    private final int burst;
    private final int perSecond;
    private final byte[] header = new byte[14];
    private int headerLength;
    private long payloadLeft;
    private Verdict refusal;
    /** A data frame without FIN came and its message's final frame has not. */
    private boolean fragmented;
    private boolean closeSeen;
    private boolean readStartsClean;
    /** Set once the connection's session is open, by the thread that opened it. */
    private volatile DirectFrameReader reader;
    private double pingTokens;
    private long refilledNanos;

    InboundFrames(long maxPayload, int burst, int perSecond, long nowNanos) {
        if (maxPayload < 0 || burst <= 0 || perSecond <= 0) {
            throw new IllegalArgumentException("maxPayload must not be negative, burst and perSecond must be positive; were "
                    + maxPayload + ", " + burst + ", " + perSecond);
        }
        this.maxPayload = maxPayload;
        this.burst = burst;
        this.perSecond = perSecond;
        this.pingTokens = burst;
        this.refilledNanos = nowNanos;
    }

    /** Follows the frames in the readable bytes of {@code buffer} (its position is left alone). */
    Verdict scan(Buffer buffer, long nowNanos) {
        int i = buffer.position();
        int end = buffer.limit();
        readStartsClean = headerLength == 0 && payloadLeft == 0 && !fragmented && !closeSeen;
        while (i < end && refusal == null) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, end - i);
                payloadLeft -= skip;
                i += (int) skip;
                continue;
            }
            header[headerLength++] = buffer.get(i++);
            if (headerLength == headerNeeded()) {
                headerLength = 0;
                payloadLeft = payloadLength();
                follow(header[0]);
                refusal = judge(header[0] & 0x0F, (header[1] & 0x80) != 0, payloadLeft, nowNanos);
            }
        }
        if (refusal == null) {
            return Verdict.PASS;
        }
        Verdict verdict = refusal;
        refusal = Verdict.REFUSED; // reported once; later reads are dropped
        return verdict;
    }

    /**
     * Whether the last {@link #scan}ned read started at a frame boundary, outside a fragmented
     * message and before any close frame: with nothing of this connection left in Tyrus' buffer.
     */
    boolean readStartsClean() {
        return readStartsClean;
    }

    /** Who may take this connection's plain frames past Tyrus, once its session is open. */
    void readDirectly(DirectFrameReader reader) {
        this.reader = reader;
    }

    /** The reader that may take the last scanned read's leading frames, if it may. */
    DirectFrameReader directReader() {
        return readStartsClean ? reader : null;
    }

    private void follow(byte first) {
        int opcode = first & 0x0F;
        if (opcode == CLOSE) {
            closeSeen = true;
        } else if (opcode < CLOSE) { // a data frame: continuation, text or binary
            fragmented = (first & 0x80) == 0;
        }
    }

    private Verdict judge(int opcode, boolean masked, long payload, long nowNanos) {
        if (!masked) {
            return Verdict.UNMASKED;
        }
        if (payload > maxPayload) {
            return Verdict.TOO_LARGE;
        }
        if (opcode == PING && !takePingToken(nowNanos)) {
            return Verdict.PING_FLOOD;
        }
        return null;
    }

    private boolean takePingToken(long nowNanos) {
        long elapsed = nowNanos - refilledNanos;
        if (elapsed > 0) {
            pingTokens = Math.min(burst, pingTokens + (double) elapsed * perSecond / NANOS_PER_SECOND);
            refilledNanos = nowNanos;
        }
        if (pingTokens >= 1) {
            pingTokens -= 1;
            return true;
        }
        return false;
    }

    private int headerNeeded() {
        return headerLength < 2 ? 2 : headerLength(header[1]);
    }

    private long payloadLength() {
        return payloadLength(header, 0);
    }

    /** The length of a frame header whose second byte is {@code second}: 2 to 14 bytes. */
    static int headerLength(byte second) {
        int len7 = second & 0x7F;
        int lengthBytes = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        int maskBytes = (second & 0x80) != 0 ? 4 : 0;
        return 2 + lengthBytes + maskBytes;
    }

    /**
     * The payload length the complete header at {@code bytes[at]} announces; {@link Long#MAX_VALUE}
     * for a 64-bit length with its top bit set.
     */
    static long payloadLength(byte[] bytes, int at) {
        int len7 = bytes[at + 1] & 0x7F;
        if (len7 < 126) {
            return len7;
        }
        int lengthBytes = len7 == 126 ? 2 : 8;
        long length = 0;
        for (int k = 0; k < lengthBytes; k++) {
            length = (length << 8) | (bytes[at + 2 + k] & 0xFF);
        }
        return length < 0 ? Long.MAX_VALUE : length;
    }
}
