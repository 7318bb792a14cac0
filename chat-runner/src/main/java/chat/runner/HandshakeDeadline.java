package chat.runner;

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
 * Releases the socket of a connection that does not become a WebSocket in time. Every accepted
 * connection must have sent a complete WebSocket handshake request within {@code deadlineMillis},
 * or it is terminated: a client that connects and sends nothing, sends its headers a byte at a time,
 * or keeps an HTTP connection open after fetching the chat page (whose answers say
 * {@code Connection: close}) would otherwise hold a file descriptor for as long as it likes, and
 * neither {@code MAX_CONNECTIONS} nor the WebSocket count sees it.
 *
 * <p>One scheduled check per accepted connection; it finds nothing to do once the handshake came.
 */
final class HandshakeDeadline extends BaseFilter {
    private final ScheduledExecutorService scheduler;
    private final long deadlineMillis;
    /** Accepted connections whose handshake request has not arrived; a concurrent set, as in {@link CloseDeadline}. */
    private final Set<Connection<?>> waiting = ConcurrentHashMap.newKeySet();

    HandshakeDeadline(ScheduledExecutorService scheduler, long deadlineMillis) {
        this.scheduler = scheduler;
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        // no close listener: it would stay with the connection for its whole life (heap per idle
        // connection), while the check below forgets a closed connection within the deadline anyway
        waiting.add(connection);
        try {
            scheduler.schedule(() -> {
                if (waiting.remove(connection) && connection.isOpen()) {
                    connection.terminateSilently(); // no WebSocket handshake in time
                }
            }, deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            waiting.remove(connection); // the server is stopping: the transport closes every connection itself
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content && WebSocketUpgrade.requested(content.getHttpHeader())) {
            waiting.remove(ctx.getConnection());
        }
        return ctx.getInvokeAction();
    }
}
