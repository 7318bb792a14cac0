package chat.runner;

import chat.core.protocol.CloseCode;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.memory.Buffers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Judges every inbound WebSocket frame by its header, before Tyrus buffers or answers it:
 *
 * <ul>
 *   <li>a frame without a mask closes its connection with <b>1002</b> {@code frames from a client
 *       must be masked} (RFC 6455, 5.1: Tyrus takes such frames as they are);</li>
 *   <li>a frame that announces a payload over the limit closes its connection with
 *       <b>1009</b> {@code frame larger than N bytes} as soon as its header arrives (Tyrus would
 *       refuse it only once its whole incoming buffer overflowed, with 1011 and a logged stack
 *       trace);</li>
 *   <li>a ping beyond the connection's token bucket, which has the size and refill rate of the
 *       hub's bucket for text frames ({@code RATE_BURST}, {@code RATE_PER_SECOND}), closes it with
 *       <b>1008</b> {@code rate limit exceeded} and is reported to {@code onPingFlood}. Tyrus answers
 *       every ping with a pong and pings never reach the hub's rate limit, so a client that pings
 *       without end made the server queue pongs without end.</li>
 * </ul>
 *
 * <p>The close frame is written from here, then the socket is closed once it is written; a peer
 * that does not take it loses the socket at the close deadline ({@link CloseDeadline}, which this
 * filter's writes pass). The read that carried the offending header, and every later one, is
 * dropped. Frames within the limits pass untouched: only header bytes are read, payload bytes are
 * counted and skipped, never copied ({@link InboundFrames}). Bytes a client sent in the same read as
 * its handshake request are not frames to either: Tyrus drops them, and so does this filter's count.
 *
 * <p>Once the connection's session is open, a read that passed and starts where Tyrus holds nothing
 * has its leading plain text frames and pongs taken straight to the endpoint
 * ({@link DirectFrameReader}); the rest of the read, if any, goes on to Tyrus. Grizzly calls it on the
 * thread reading the connection, one read at a time per connection.
 */
final class InboundFrameGuard extends BaseFilter {
    private static final String RATE_LIMIT_EXCEEDED = "rate limit exceeded";
    private static final Attribute<InboundFrames> FRAMES =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(InboundFrameGuard.class.getName() + ".frames");

    private final long maxPayload;
    private final int pingBurst;
    private final int pingsPerSecond;
    private final Runnable onPingFlood;

    /**
     * @param maxPayload     the largest payload a frame may announce
     * @param pingBurst      pings one connection may send at once
     * @param pingsPerSecond pings per second one connection may send on average
     * @param onPingFlood    called once for each connection closed for its pings; must not block
     */
    InboundFrameGuard(long maxPayload, int pingBurst, int pingsPerSecond, Runnable onPingFlood) {
        if (maxPayload < 0 || pingBurst <= 0 || pingsPerSecond <= 0) {
            throw new IllegalArgumentException("maxPayload must not be negative, pingBurst and pingsPerSecond must be "
                    + "positive; were " + maxPayload + ", " + pingBurst + ", " + pingsPerSecond);
        }
        this.maxPayload = maxPayload;
        this.pingBurst = pingBurst;
        this.pingsPerSecond = pingsPerSecond;
        this.onPingFlood = Objects.requireNonNull(onPingFlood, "onPingFlood");
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!(ctx.getMessage() instanceof HttpContent content) || !WebSocketUpgrade.requested(content.getHttpHeader())) {
            return ctx.getInvokeAction();
        }
        Connection<?> connection = ctx.getConnection();
        long now = System.nanoTime();
        InboundFrames frames = FRAMES.get(connection);
        if (frames == null) {
            frames = new InboundFrames(maxPayload, pingBurst, pingsPerSecond, now);
            FRAMES.set(connection, frames);
        }
        if (content.getHttpHeader() instanceof HttpRequestPacket request
                && !UpgradeRequestRelease.isUpgradedContent(request) && !request.getResponse().isCommitted()) {
            // the handshake request itself, not answered yet: Tyrus answers it and drops whatever the
            // client sent after it in the same read, so the frames both follow start after this read
            return ctx.getInvokeAction();
        }
        return switch (frames.scan(content.getContent(), now)) {
            case PASS -> {
                DirectFrameReader reader = frames.directReader();
                yield reader == null ? ctx.getInvokeAction() : takeDirectly(ctx, content, reader);
            }
            case UNMASKED -> close(ctx, CloseCode.PROTOCOL_ERROR, "frames from a client must be masked");
            case TOO_LARGE -> close(ctx, CloseCode.TOO_BIG, "frame larger than " + maxPayload + " bytes");
            case PING_FLOOD -> {
                try {
                    onPingFlood.run();
                } finally {
                    close(ctx, CloseCode.POLICY_VIOLATION, RATE_LIMIT_EXCEEDED);
                }
                yield ctx.getStopAction();
            }
            case REFUSED -> ctx.getStopAction(); // closing already
        };
    }

    /**
     * Lets the session's {@link DirectFrameReader} (present once the session opened; {@code null}
     * before) take the plain frames of reads on {@code connection}.
     */
    static void readDirectly(Connection<?> connection, DirectFrameReader reader) {
        InboundFrames frames = FRAMES.get(connection);
        if (frames != null) {
            frames.readDirectly(reader);
        }
    }

    private static NextAction takeDirectly(FilterChainContext ctx, HttpContent content, DirectFrameReader reader) {
        Buffer buffer = content.getContent();
        int rest = reader.take(buffer);
        if (rest == buffer.limit() || !ctx.getConnection().isOpen()) {
            // all taken; or a write on the way (an answer to a frame taken) failed and closed the
            // socket, and Tyrus, which forgot the connection then, would take the rest for a handshake
            content.recycle();
            return ctx.getStopAction();
        }
        buffer.position(rest);
        return ctx.getInvokeAction();
    }

    /**
     * Writes a close frame with {@code closeCode} and {@code reason} (at most 123 bytes), closes the
     * connection once it is out, and stops the read.
     */
    private static NextAction close(FilterChainContext ctx, CloseCode closeCode, String reason) {
        int code = closeCode.code();
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[4 + text.length];
        frame[0] = (byte) 0x88; // FIN + close
        frame[1] = (byte) (2 + text.length);
        frame[2] = (byte) (code >>> 8);
        frame[3] = (byte) code;
        System.arraycopy(text, 0, frame, 4, text.length);
        Connection<?> connection = ctx.getConnection();
        ctx.write(Buffers.wrap(connection.getMemoryManager(), frame));
        connection.closeSilently();
        return ctx.getStopAction();
    }
}
