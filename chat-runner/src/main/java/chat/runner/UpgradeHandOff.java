package chat.runner;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpResponsePacket;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Tells the endpoint which Grizzly connection a session was upgraded on, so that its frames can be
 * written straight to that socket ({@link DirectFrameTransport}).
 *
 * <p>Tyrus answers a handshake and opens its session (the endpoint's {@code onOpen}) on the thread
 * that read the request, right after writing the 101 response through the filters in front of it.
 * This filter, one of them, notes the connection for that thread when its 101 passes, and forgets
 * whatever it noted whenever the thread brings a read this far (every handshake request does: only
 * reads of open WebSockets may be taken before, by {@link DirectFrameReader}), so that
 * {@code onOpen} can only find the connection of the handshake it belongs to. {@link #take} also checks that the connection is open,
 * comes from the session's address and was not taken before; where any of that fails (or another
 * container opens sessions elsewhere) the endpoint keeps the portable transport.
 */
final class UpgradeHandOff extends BaseFilter {
    private static final int SWITCHING_PROTOCOLS = 101;
    private static final ThreadLocal<Connection<?>> UPGRADED = new ThreadLocal<>();
    private static final Attribute<Boolean> TAKEN =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(UpgradeHandOff.class.getName() + ".taken");

    @Override
    public NextAction handleRead(FilterChainContext ctx) {
        if (UPGRADED.get() != null) {
            UPGRADED.remove();
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpResponsePacket response
                && response.getStatus() == SWITCHING_PROTOCOLS) {
            UPGRADED.set(ctx.getConnection());
        }
        return ctx.getInvokeAction();
    }

    /**
     * The connection this thread just upgraded, once: present when it is open, its peer's address
     * is {@code remoteAddress} and no session took it before.
     */
    static Optional<Connection<?>> take(String remoteAddress) {
        Connection<?> connection = UPGRADED.get();
        if (connection == null) {
            return Optional.empty();
        }
        UPGRADED.remove();
        if (!connection.isOpen() || !(connection.getPeerAddress() instanceof InetSocketAddress peer)
                || peer.getAddress() == null || !peer.getAddress().getHostAddress().equals(remoteAddress)) {
            return Optional.empty();
        }
        synchronized (connection) {
            if (TAKEN.isSet(connection)) {
                return Optional.empty();
            }
            TAKEN.set(connection, Boolean.TRUE);
        }
        return Optional.of(connection);
    }
}
