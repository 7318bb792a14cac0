package chat.runner;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.attributes.AttributeHolder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.FileCacheFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.utils.IdleTimeoutFilter;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;

import java.io.IOException;

/**
 * Lets Grizzly forget the HTTP upgrade request once a WebSocket is open. Grizzly's HTTP codec keeps
 * the request it parsed (headers, parsing state, ~33 chunk objects, header scratch arrays, and a
 * slice of a 64 KiB read buffer) in a connection attribute for as long as the connection lives,
 * because after an upgrade it treats every later read as content of that request: about half of
 * an idle connection's heap.
 *
 * <p>After Tyrus answered the upgrade with 101, this marks the connection upgraded and removes the
 * request (and its keep-alive record). The codec is replaced by one that, for upgraded connections,
 * hands each read on as content of one shared, immutable upgrade header instead of the connection's
 * own request; everything after it (the frame size guard, the close deadline, Tyrus) only asks
 * that header whether the connection is upgraded. Tyrus copied what it needs from the request (URI,
 * query, parameters, addresses) into its session at the handshake.
 *
 * <p>Also removes two filters that cost every connection memory and do nothing here: the idle
 * timeout filter (WebSocket connections have no HTTP idle timeout) and the file cache (the only
 * static files are the chat page's few small ones, which {@link ChatPageHandler} reads from the jar
 * per request). Plain HTTP requests, such as those for that page, pass through the replaced codec
 * exactly as through Grizzly's own: only connections upgraded with 101 are treated differently.
 */
final class UpgradeRequestRelease {
    private static final Attribute<Boolean> UPGRADED =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(UpgradeRequestRelease.class.getName() + ".upgraded");
    private static final String KEEP_ALIVE_ATTR = "HttpServerFilter.KeepAliveContext";
    private static final int SWITCHING_PROTOCOLS = 101;
    /** Grizzly's default header size limit, used when the listener sets none. */
    private static final int DEFAULT_MAX_HEADER_SIZE = 8192;

    /** What every read of an upgraded connection is content of; never changed after it is built. */
    private static final HttpRequestPacket UPGRADED_REQUEST = HttpRequestPacket.builder()
            .method("GET").uri("/").protocol("HTTP/1.1").upgrade("websocket").build();

    private UpgradeRequestRelease() {
    }

    /** True for the shared header that reads of an upgraded connection are content of (it carries no handshake). */
    static boolean isUpgradedContent(HttpHeader header) {
        return header == UPGRADED_REQUEST;
    }

    /** Installs the codec and the marker; register after Tyrus' WebSocketAddOn. */
    static AddOn addOn() {
        return new AddOn() {
            @Override
            public void setup(NetworkListener listener, FilterChainBuilder builder) {
                int codec = builder.indexOfType(HttpServerFilter.class);
                int tyrus = builder.indexOfType(GrizzlyServerFilter.class);
                if (codec < 0 || tyrus < 0) {
                    throw new IllegalStateException("register after Tyrus' WebSocketAddOn, on an HTTP listener");
                }
                HttpServerFilter original = (HttpServerFilter) builder.get(codec);
                int maxHeaderSize = listener.getMaxHttpHeaderSize() > 0 ? listener.getMaxHttpHeaderSize()
                        : DEFAULT_MAX_HEADER_SIZE;
                UpgradeAwareCodec replacement = new UpgradeAwareCodec(listener.isChunkingEnabled(), maxHeaderSize,
                        listener.getKeepAlive(), listener.getMaxRequestHeaders(), listener.getMaxResponseHeaders());
                replacement.setAllowPayloadForUndefinedHttpMethods(original.isAllowPayloadForUndefinedHttpMethods());
                replacement.setMaxPayloadRemainderToSkip(original.getMaxPayloadRemainderToSkip());
                builder.set(codec, replacement);
                builder.add(builder.indexOfType(GrizzlyServerFilter.class), new Marker());
                removeIfPresent(builder, IdleTimeoutFilter.class);
                removeIfPresent(builder, FileCacheFilter.class);
            }
        };
    }

    private static void removeIfPresent(FilterChainBuilder builder, Class<?> type) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        int index = builder.indexOfType((Class) type);
        if (index >= 0) {
            builder.remove(index);
        }
    }

    /** Grizzly's HTTP codec, except that reads of upgraded connections skip the request it would keep. */
    private static final class UpgradeAwareCodec extends HttpServerFilter {
        UpgradeAwareCodec(boolean chunking, int maxHeaderSize, org.glassfish.grizzly.http.KeepAlive keepAlive,
                          int maxRequestHeaders, int maxResponseHeaders) {
            super(chunking, maxHeaderSize, null, keepAlive, null, maxRequestHeaders, maxResponseHeaders);
        }

        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            if (Boolean.TRUE.equals(UPGRADED.get(ctx.getConnection())) && ctx.getMessage() instanceof Buffer data) {
                ctx.setMessage(HttpContent.create(UPGRADED_REQUEST, false, data));
                return ctx.getInvokeAction();
            }
            return super.handleRead(ctx);
        }
    }

    /**
     * Sits before Tyrus: once the chain has handled an upgrade request and Tyrus answered 101, the
     * connection is marked upgraded (first, so a later read finds the marker) and its request dropped.
     * Runs on the thread reading the connection, as its reads do.
     */
    private static final class Marker extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            if (ctx.getMessage() instanceof HttpContent content
                    && content.getHttpHeader() instanceof HttpRequestPacket request
                    && request != UPGRADED_REQUEST && WebSocketUpgrade.requested(request)) {
                Connection<?> connection = ctx.getConnection();
                ctx.addCompletionListener(done -> {
                    // a refused handshake's request may be answered and recycled already: no response then
                    HttpResponsePacket response = request.getResponse();
                    if (response != null && response.getStatus() == SWITCHING_PROTOCOLS && connection.isOpen()) {
                        UPGRADED.set(connection, Boolean.TRUE);
                        AttributeHolder attributes = connection.getAttributes();
                        attributes.removeAttribute(HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME);
                        attributes.removeAttribute(KEEP_ALIVE_ATTR);
                    }
                });
            }
            return ctx.getInvokeAction();
        }
    }
}
