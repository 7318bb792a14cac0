package chat.runner;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Releases the socket of a connection that does not become a WebSocket in time. Every accepted
 * connection must have been answered {@code 101 Switching Protocols} within {@code deadlineMillis},
 * or it is terminated: a client that connects and sends nothing, sends its headers a byte at a time,
 * or keeps an HTTP connection open after fetching the chat page (whose answers say
 * {@code Connection: close}) would otherwise hold a file descriptor for as long as it likes, and
 * neither {@code MAX_CONNECTIONS} nor the WebSocket count sees it.
 *
 * <p>The deadline holds until the 101 is written, not until a request asks for an upgrade: a
 * request that asks and is refused, or never answered, is no WebSocket. ({@link HandshakeCheck}
 * closes refused ones at once; this is what remains when anything else leaves one unanswered.)
 *
 * <p>One scheduled check per accepted connection, cancelled when its 101 goes out (with a scheduler
 * that removes cancelled tasks, nothing of it stays behind for the connection's life).
 */
final class HandshakeDeadline extends BaseFilter {
    private static final int SWITCHING_PROTOCOLS = 101;
    /** Not scheduled yet: what a connection's entry holds between its accept and its check's scheduling. */
    private static final Future<?> SCHEDULING = CompletableFuture.completedFuture(null);

    private final ScheduledExecutorService scheduler;
    private final long deadlineMillis;
    /**
     * Accepted connections not answered 101 yet, with their scheduled checks; a concurrent map, as
     * in {@link CloseDeadline}. Whoever removes a connection's entry decides: its check
     * (terminate) or its 101 (cancel the check).
     */
    private final Map<Connection<?>, Future<?>> waiting = new ConcurrentHashMap<>();

    HandshakeDeadline(ScheduledExecutorService scheduler, long deadlineMillis) {
        this.scheduler = scheduler;
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public NextAction handleAccept(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        // no close listener: it would stay with the connection for its whole life (heap per idle
        // connection), while the check below forgets a closed connection within the deadline anyway
        waiting.put(connection, SCHEDULING);
        try {
            Future<?> check = scheduler.schedule(() -> {
                if (waiting.remove(connection) != null && connection.isOpen()) {
                    connection.terminateSilently(); // no WebSocket handshake in time
                }
            }, deadlineMillis, TimeUnit.MILLISECONDS);
            waiting.replace(connection, SCHEDULING, check); // fails only when the check or the 101 came first
        } catch (RejectedExecutionException stopping) {
            waiting.remove(connection); // the server is stopping: the transport closes every connection itself
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content && content.getHttpHeader() instanceof HttpResponsePacket response
                && response.getStatus() == SWITCHING_PROTOCOLS) {
            Future<?> check = waiting.remove(ctx.getConnection());
            if (check != null) {
                check.cancel(false);
            }
        }
        return ctx.getInvokeAction();
    }
}
