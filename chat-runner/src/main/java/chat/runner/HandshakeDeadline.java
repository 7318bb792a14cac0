package chat.runner;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>One scheduled check per accepted connection; it finds nothing to do once the 101 went out.
 */
final class HandshakeDeadline extends BaseFilter {
    private static final int SWITCHING_PROTOCOLS = 101;

    private final ScheduledExecutorService scheduler;
    private final long deadlineMillis;
    /** Accepted connections not answered 101 yet; a concurrent set, as in {@link CloseDeadline}. */
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
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content && content.getHttpHeader() instanceof HttpResponsePacket response
                && response.getStatus() == SWITCHING_PROTOCOLS) {
            waiting.remove(ctx.getConnection());
        }
        return ctx.getInvokeAction();
    }
}
