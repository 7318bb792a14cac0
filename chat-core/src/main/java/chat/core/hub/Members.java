package chat.core.hub;

import chat.core.access.RoomGrants;
import chat.core.connection.CommandSequencer;
import chat.core.connection.Connection;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections registered on this instance: admitted within the {@link Admissions} bounds, not
 * while {@link Draining}, and forgotten once, giving their places back. Thread-safe.
 */
final class Members {
    private final Map<Connection, Member> byConnection = new ConcurrentHashMap<>();
    private final ChatLimits limits;
    private final Admissions admissions;
    private final Draining draining;

    Members(ChatLimits limits, Draining draining) {
        this.limits = limits;
        this.admissions = new Admissions(limits);
        this.draining = draining;
    }

    /** Registers {@code connection} unless shutdown began or a bound refuses it. */
    Admission admit(Connection connection, String remoteAddress, RoomGrants grants, long nowMillis) {
        if (draining.begun()) {
            return Admission.SHUTTING_DOWN;
        }
        Admission admission = admissions.reserve(connection.userId(), remoteAddress);
        if (admission != Admission.ACCEPTED) {
            return admission;
        }
        byConnection.put(connection, new Member(connection, new CommandSequencer(limits.maxPendingCommands()),
                new FloodControl(limits, nowMillis), remoteAddress, grants, nowMillis));
        if (draining.begun()) { // shutdown began meanwhile and may not have seen this connection
            byConnection.remove(connection);
            admissions.release(connection.userId(), remoteAddress);
            return Admission.SHUTTING_DOWN;
        }
        return Admission.ACCEPTED;
    }

    /** The member of {@code connection}, or null when it is not registered (any more). */
    Member get(Connection connection) {
        return byConnection.get(connection);
    }

    /** Forgets a member that closed; gives its place back the first time. */
    void forget(Member member) {
        if (byConnection.remove(member.connection) != null) {
            admissions.release(member.connection.userId(), member.remoteAddress);
        }
        draining.connectionForgotten(byConnection.isEmpty());
    }

    Collection<Member> all() {
        return byConnection.values();
    }

    Collection<Connection> connections() {
        return byConnection.keySet();
    }

    int count() {
        return byConnection.size();
    }
}
