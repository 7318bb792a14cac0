package chat.runner;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Releases the socket of a WebSocket connection whose close does not complete. Tyrus closes a
 * connection gracefully, behind the data already queued for it; when the peer stopped reading,
 * that never happens and the socket (a file descriptor) stays open for as long as the peer keeps
 * the TCP connection alive. Once the server writes a close frame, this filter gives the connection
 * {@code deadlineMillis} to close, then terminates it, dropping what is still queued.
 *
 * <p>It also counts open WebSocket connections at the transport level, which is what the file
 * descriptor limit counts.
 */
final class CloseDeadline extends BaseFilter {
    private static final int CLOSE_OPCODE_BYTE = 0x88; // FIN + close

    private final ScheduledExecutorService scheduler;
    private final long deadlineMillis;
    /**
     * Open WebSocket connections. A concurrent set and Grizzly's close listener rather than a
     * connection attribute: a close can be reported on another thread (a writer that hit a reset)
     * while a read of the same connection runs, and attribute holders are not thread-safe.
     */
    private final Set<Connection<?>> open = ConcurrentHashMap.newKeySet();

    CloseDeadline(ScheduledExecutorService scheduler, long deadlineMillis) {
        this.scheduler = scheduler;
        this.deadlineMillis = deadlineMillis;
    }

    /** WebSocket connections whose sockets are open. */
    int openConnections() {
        return open.size();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content && WebSocketUpgrade.requested(content.getHttpHeader())) {
            Connection<?> connection = ctx.getConnection();
            if (open.add(connection)) {
                // called at once if the connection closed meanwhile
                connection.addCloseListener((CloseListener) (closed, type) -> open.remove(connection));
            }
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        if (startsWithCloseFrame(ctx.getMessage()) && open.contains(connection)) { // a byte before a lookup
            try {
                scheduler.schedule(() -> {
                    if (connection.isOpen()) {
                        connection.terminateSilently(); // the peer did not take its close in time
                    }
                }, deadlineMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // the server is stopping: the transport closes every connection itself
            }
        }
        return ctx.getInvokeAction();
    }

    private static boolean startsWithCloseFrame(Object message) {
        Buffer buffer = message instanceof HttpContent content ? content.getContent()
                : message instanceof Buffer b ? b : null;
        return buffer != null && buffer.hasRemaining() && (buffer.get(buffer.position()) & 0xFF) == CLOSE_OPCODE_BYTE;
    }
}
