package chat.runner;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.nio.NIOConnection;

import java.io.IOException;
import java.util.Objects;

/**
 * Bounds what waits to be written to each WebSocket connection's socket: when the bytes in Grizzly's
 * asynchronous write queue of one connection, with the write at hand, would pass {@code boundBytes}
 * beyond the data frame in flight, the connection is terminated (socket closed, its queue dropped,
 * nothing more queued) and {@code onOverflow} is called once.
 *
 * <p><b>Why.</b> The chat's own queue per connection ({@code BufferedConnection}) is bounded, but
 * pongs and close frames never pass through it: Tyrus writes them itself. A client that pings and
 * never reads made the server queue a pong per ping, without end.
 *
 * <p><b>Why here, and why this way.</b> Grizzly 4's {@code AsyncQueueWriter} takes every write it is
 * given: {@code setMaxPendingBytesPerConnection} (per connection, {@code setMaxAsyncWriteQueueSize})
 * only changes what {@code canWrite()} and {@code notifyCanWrite()} report, it refuses nothing.
 * Tyrus' Grizzly writer asks {@code canWrite()} before a write, but holds the write back only when
 * it can register a write handler, not while one is registered already; so in practice everything
 * piles up in Grizzly's queue (200,000 pings from a client that did not read left 176,000 pongs
 * there, about 110 MB of heap), and what it does hold back waits in its own unbounded task queue,
 * out of any limit's reach, while its write handler logs a stack trace when the connection closes.
 *
 * <p>So the limit is enforced where every byte passes. Tyrus writes each frame through the filter
 * chain, and this filter, in front of Tyrus and nearest the socket of the runner's filters, sees
 * each one on its way to the transport, together with the close frames the other filters write. It
 * reads the queue's size ({@code TaskQueue.spaceInBytes()}: bytes queued and not yet taken by the
 * socket) and decides before the frame is queued. Once a connection is upgraded (its 101 passes
 * here), its Grizzly limit is set to unlimited, so that Tyrus hands every frame to Grizzly at once
 * and none waits out of sight, and no write handler is ever registered; from then on this filter is
 * the only limit, and the one that holds.
 *
 * <p><b>Readers that keep up are never cut off.</b> The hub writes at most one data frame per
 * connection at a time ({@code BufferedConnection} waits for each write to complete, that is to
 * leave this queue), and a single frame may be large (a HISTORY page holds up to 128 KiB of TALKs;
 * {@code OUTBOUND_QUEUE_BYTES} may be set lower than that). So the allowance is {@code boundBytes} plus the size of the last
 * data frame written, which is the one in flight if any: a reader that keeps up has at most that
 * frame and a few control frames waiting. What could pile up without end, control frames, is held
 * to {@code boundBytes} beside it (its size still counts once it has left, so a connection holds at
 * most {@code boundBytes} plus its largest data frame). The runner passes {@code OUTBOUND_QUEUE_BYTES}
 * plus 256 KiB of slack.
 *
 * <p>Thread-safety: the frames of one connection come from Tyrus one at a time (its writer
 * serialises them), and the close frames of other filters from the thread reading it; only data
 * frames, all from Tyrus, change the per-connection record, whose fields are volatile or guarded.
 */
final class WriteQueueBound extends BaseFilter {
    /** Slack above {@code OUTBOUND_QUEUE_BYTES}, for control frames written while data waits. */
    static final long SLACK_BYTES = 256 * 1024;
    private static final int SWITCHING_PROTOCOLS = 101;
    private static final System.Logger LOG = System.getLogger(WriteQueueBound.class.getName());
    private static final Attribute<InFlight> IN_FLIGHT =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(WriteQueueBound.class.getName() + ".inFlight");

    private final long boundBytes;
    private final Runnable onOverflow;

    /**
     * @param boundBytes bytes that may wait beyond the data frame in flight
     * @param onOverflow called once for each connection terminated for its write queue; must not block
     */
    WriteQueueBound(long boundBytes, Runnable onOverflow) {
        if (boundBytes <= 0) {
            throw new IllegalArgumentException("boundBytes must be positive, was " + boundBytes);
        }
        this.boundBytes = boundBytes;
        this.onOverflow = Objects.requireNonNull(onOverflow, "onOverflow");
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        Object message = ctx.getMessage();
        if (message instanceof HttpContent content) {
            if (content.getHttpHeader() instanceof HttpResponsePacket response && response.getStatus() == SWITCHING_PROTOCOLS) {
                IN_FLIGHT.set(connection, new InFlight());
                connection.setMaxAsyncWriteQueueSize(AsyncQueueWriter.UNLIMITED_SIZE);
            }
            return ctx.getInvokeAction();
        }
        InFlight inFlight = IN_FLIGHT.get(connection);
        if (inFlight == null || !(message instanceof Buffer frame) || !(connection instanceof NIOConnection nio)
                || !frame.hasRemaining()) {
            return ctx.getInvokeAction(); // not a WebSocket's frame
        }
        int size = frame.remaining();
        if (isDataFrame(frame)) {
            inFlight.dataFrameBytes = size;
        }
        long waiting = nio.getAsyncWriteQueue().spaceInBytes();
        if (waiting + size > boundBytes + inFlight.dataFrameBytes && inFlight.overflowOnce()) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1} bytes would wait to be written, {2} allowed: terminated",
                    connection.getPeerAddress(), waiting + size, boundBytes + inFlight.dataFrameBytes);
            connection.terminateSilently(); // drops the queue; the write below then fails, as every later one
            onOverflow.run();
        }
        return ctx.getInvokeAction();
    }

    /** Text, binary or continuation: opcodes 0-7 (control frames have the opcode's high bit set). */
    private static boolean isDataFrame(Buffer frame) {
        return (frame.get(frame.position()) & 0x08) == 0;
    }

    /** One WebSocket connection's last data frame, and whether it was terminated already. */
    private static final class InFlight {
        volatile int dataFrameBytes;
        private boolean overflowed;

        synchronized boolean overflowOnce() {
            boolean first = !overflowed;
            overflowed = true;
            return first;
        }
    }
}
