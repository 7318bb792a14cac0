package chat.runner;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.memory.Buffers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Closes a WebSocket connection with 1009 as soon as a frame header announces a payload over the
 * limit, before Tyrus buffers it. (Tyrus refuses such a frame only once its whole incoming buffer
 * overflows, and then with 1011 and a logged stack trace.)
 *
 * <p>Sits right before Tyrus' filter and reads only frame headers: payload bytes are counted and
 * skipped, never copied. Frames within the limit pass untouched.
 */
final class FrameSizeGuard extends BaseFilter {
    private static final Attribute<FrameScanner> SCANNER =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(FrameSizeGuard.class.getName() + ".scanner");

    private final long maxPayload;

    FrameSizeGuard(long maxPayload) {
        this.maxPayload = maxPayload;
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Object message = ctx.getMessage();
        if (!(message instanceof HttpContent content) || !WebSocketUpgrade.requested(content.getHttpHeader())) {
            return ctx.getInvokeAction();
        }
        Connection<?> connection = ctx.getConnection();
        FrameScanner scanner = SCANNER.get(connection);
        if (scanner == null) {
            scanner = new FrameScanner(maxPayload);
            SCANNER.set(connection, scanner);
        }
        Buffer bytes = content.getContent();
        if (scanner.scan(bytes)) {
            return ctx.getInvokeAction();
        }
        byte[] reason = ("frame larger than " + maxPayload + " bytes").getBytes(StandardCharsets.UTF_8);
        byte[] close = new byte[4 + reason.length];
        close[0] = (byte) 0x88;
        close[1] = (byte) (2 + reason.length);
        close[2] = (byte) (1009 >>> 8);
        close[3] = (byte) (1009 & 0xFF);
        System.arraycopy(reason, 0, close, 4, reason.length);
        ctx.write(Buffers.wrap(connection.getMemoryManager(), close));
        connection.closeSilently();
        return ctx.getStopAction();
    }

    /** Follows frame boundaries across reads: header bytes are parsed, payload bytes skipped. */
    static final class FrameScanner {
        private final long maxPayload;
        private final byte[] header = new byte[14];
        private int headerLength;
        private long payloadLeft;
        private boolean refused;

        FrameScanner(long maxPayload) {
            this.maxPayload = maxPayload;
        }

        /** Returns false once a frame over the limit was announced. */
        boolean scan(Buffer buffer) {
            int i = buffer.position();
            int end = buffer.limit();
            while (i < end && !refused) {
                if (payloadLeft > 0) {
                    long skip = Math.min(payloadLeft, end - i);
                    payloadLeft -= skip;
                    i += (int) skip;
                    continue;
                }
                header[headerLength++] = buffer.get(i++);
                int needed = headerNeeded();
                if (headerLength == needed) {
                    long payload = payloadLength();
                    headerLength = 0;
                    if (payload > maxPayload) {
                        refused = true;
                    }
                    payloadLeft = payload;
                }
            }
            return !refused;
        }

        private int headerNeeded() {
            if (headerLength < 2) {
                return 2;
            }
            int len7 = header[1] & 0x7F;
            int lengthBytes = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
            int maskBytes = (header[1] & 0x80) != 0 ? 4 : 0;
            return 2 + lengthBytes + maskBytes;
        }

        private long payloadLength() {
            int len7 = header[1] & 0x7F;
            if (len7 < 126) {
                return len7;
            }
            int lengthBytes = len7 == 126 ? 2 : 8;
            long length = 0;
            for (int k = 0; k < lengthBytes; k++) {
                length = (length << 8) | (header[2 + k] & 0xFF);
            }
            return length < 0 ? Long.MAX_VALUE : length;
        }
    }
}
