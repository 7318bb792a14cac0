package chat.core.hub;

import chat.core.connection.Connection;

import java.util.concurrent.CompletionStage;

/**
 * A connection that closed, however it closed, leaves once: it is marked closed at once (its later
 * frames are ignored), and after the commands it had already queued, each of its rooms gets one
 * LEAVE ({@link RoomCommands#leaveAll}) and its place is given back ({@link Members#forget}).
 * Thread-safe and idempotent.
 */
final class Departures {
    private final Members members;
    private final RoomCommands roomCommands;
    private final GuardedObserver observer;

    Departures(Members members, RoomCommands roomCommands, GuardedObserver observer) {
        this.members = members;
        this.roomCommands = roomCommands;
        this.observer = observer;
    }

    /** {@code connection} closed; nothing happens if it is unknown or already gone. */
    void closed(Connection connection) {
        Member member = members.get(connection);
        if (member == null) {
            return;
        }
        synchronized (member) {
            if (member.closed) {
                return;
            }
            member.closed = true;
        }
        member.sequencer.submit(() -> leave(member), true);
    }

    private CompletionStage<Void> leave(Member member) {
        CompletionStage<Void> leaves = roomCommands.leaveAll(member);
        members.forget(member);
        observer.disconnected(member.connection.userId(), member.connection.id());
        return leaves;
    }
}
