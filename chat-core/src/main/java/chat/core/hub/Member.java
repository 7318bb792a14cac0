package chat.core.hub;

import chat.core.access.RoomGrants;
import chat.core.connection.CommandSequencer;
import chat.core.connection.Connection;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the hub keeps of one registered connection. {@link #rooms} is touched only by the
 * connection's sequenced commands, {@link #idleClosing} only by the periodic liveness check; the
 * volatile fields are read anywhere.
 */
final class Member {
    final Connection connection;
    final CommandSequencer sequencer;
    final FloodControl flood;
    /** The peer's address, or null when the container does not tell it. */
    final String remoteAddress;
    /** The rooms the connection's token grants. */
    final RoomGrants grants;
    final Set<String> rooms = new LinkedHashSet<>();
    boolean idleClosing;
    volatile long lastHeardMillis;
    volatile boolean closed;

    Member(Connection connection, CommandSequencer sequencer, FloodControl flood, String remoteAddress,
           RoomGrants grants, long nowMillis) {
        this.connection = connection;
        this.sequencer = sequencer;
        this.flood = flood;
        this.remoteAddress = remoteAddress;
        this.grants = grants;
        this.lastHeardMillis = nowMillis;
    }
}
