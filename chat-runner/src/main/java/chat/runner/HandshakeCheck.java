package chat.runner;

import org.glassfish.grizzly.CompletionHandler;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.grizzly.memory.Buffers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Gives every WebSocket handshake request one of two outcomes: the {@code 101 Switching Protocols}
 * that opens the WebSocket, or an HTTP answer after which the socket is closed. Grizzly's
 * keep-alive idle timeout is off on this listener (WebSocket connections live as long as they
 * like), and nothing closes a connection whose upgrade was refused: without this filter every
 * refused handshake kept its socket, unseen by {@code MAX_CONNECTIONS} and the connection gauge.
 *
 * <ul>
 *   <li>A request with {@code Upgrade: websocket} that breaks RFC 6455's rules ({@link HandshakeFault}:
 *       not GET, version not 13, no valid key, no {@code Connection: Upgrade}) is answered here,
 *       before Tyrus sees it, with 405, 426 or 400, a one-line plain-text body and
 *       {@code Connection: close}, and the socket is closed once the answer is written.</li>
 *   <li>Any other answer to a handshake request that is not 101 (Tyrus' 403 for a refused
 *       {@code Origin}, the page handler's 404 for another path) gets {@code Connection: close}
 *       while it is still unwritten, and the socket is closed once its last part is written.</li>
 *   <li>Whatever else arrives on a connection whose handshake was refused, or after its WebSocket
 *       closed, is dropped: Tyrus would take it for a new handshake (and, for a closed WebSocket, log
 *       a {@code NullPointerException} reading the released request).</li>
 * </ul>
 *
 * <p>Plain HTTP requests (no {@code Upgrade: websocket}) and the frames of open WebSockets pass
 * untouched. Stateless; Grizzly calls it on the threads reading and writing the connection.
 */
final class HandshakeCheck extends BaseFilter {
    private static final int SWITCHING_PROTOCOLS = 101;

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (!(ctx.getMessage() instanceof HttpContent content)
                || !(content.getHttpHeader() instanceof HttpRequestPacket request)
                || !WebSocketUpgrade.requested(request)) {
            return ctx.getInvokeAction();
        }
        if (UpgradeRequestRelease.isUpgradedContent(request)) {
            // frames of an open WebSocket; a read handled after it closed would reach Tyrus, which has
            // forgotten the connection by then, as a new handshake without a request behind it
            return ctx.getConnection().isOpen() ? ctx.getInvokeAction() : ctx.getStopAction();
        }
        HttpResponsePacket response = request.getResponse();
        if (response.isCommitted()) {
            // the rest of a request already answered: a WebSocket's first frames after 101, else nothing for Tyrus
            return response.getStatus() == SWITCHING_PROTOCOLS ? ctx.getInvokeAction() : ctx.getStopAction();
        }
        Optional<HandshakeFault> fault = HandshakeFault.of(request);
        if (fault.isEmpty()) {
            return ctx.getInvokeAction();
        }
        refuse(ctx, response, fault.get());
        return ctx.getStopAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpResponsePacket response
                && response.getStatus() != SWITCHING_PROTOCOLS
                && response.getRequest() != null && WebSocketUpgrade.requested(response.getRequest())) {
            if (!response.isCommitted()) {
                response.getHeaders().setValue(Header.Connection).setString("close");
            }
            // Tyrus writes its refusals as headers alone, without a length or a last part: only the close ends them
            if (content.isLast() || !content.getContent().hasRemaining() && response.getContentLength() < 0
                    && !response.isChunked()) {
                FilterChainContext.TransportContext transport = ctx.getTransportContext();
                @SuppressWarnings({"unchecked", "rawtypes"}) // Grizzly keeps it raw; a write's handler gets a WriteResult
                CompletionHandler<WriteResult> writer = transport.getCompletionHandler();
                transport.setCompletionHandler(new CloseWhenWritten(ctx.getConnection(), writer));
            }
        }
        return ctx.getInvokeAction();
    }

    private static void refuse(FilterChainContext ctx, HttpResponsePacket response, HandshakeFault fault) {
        byte[] body = (fault.explanation + "\n").getBytes(StandardCharsets.US_ASCII);
        response.setProtocol(Protocol.HTTP_1_1);
        response.setStatus(fault.status);
        response.setReasonPhrase(fault.reasonPhrase);
        // set as plain headers: Grizzly's codec does not frame answers to upgrade requests itself
        MimeHeaders headers = response.getHeaders();
        if (fault.headerName != null) {
            headers.setValue(fault.headerName).setString(fault.headerValue);
        }
        headers.setValue(Header.ContentType).setString("text/plain;charset=utf-8");
        headers.setValue(Header.ContentLength).setString(String.valueOf(body.length));
        headers.setValue(Header.Connection).setString("close");
        Connection<?> connection = ctx.getConnection();
        HttpContent answer = HttpContent.builder(response)
                .content(Buffers.wrap(connection.getMemoryManager(), body)).last(true).build();
        ctx.write(answer, new CloseWhenWritten(connection, null));
    }

    /** Closes the connection once a write is done (or failed), after telling the writer's own handler. */
    @SuppressWarnings("rawtypes") // Grizzly's writes take a CompletionHandler of the raw WriteResult
    private record CloseWhenWritten(Connection<?> connection, CompletionHandler<WriteResult> next)
            implements CompletionHandler<WriteResult> {
        @Override
        public void cancelled() {
            try {
                if (next != null) {
                    next.cancelled();
                }
            } finally {
                connection.closeSilently();
            }
        }

        @Override
        public void failed(Throwable throwable) {
            try {
                if (next != null) {
                    next.failed(throwable);
                }
            } finally {
                connection.closeSilently();
            }
        }

        @Override
        public void completed(WriteResult result) {
            try {
                if (next != null) {
                    next.completed(result);
                }
            } finally {
                connection.closeSilently();
            }
        }

        @Override
        public void updated(WriteResult result) {
            if (next != null) {
                next.updated(result);
            }
        }
    }
}
