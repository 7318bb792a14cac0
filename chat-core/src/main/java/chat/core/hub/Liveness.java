package chat.core.hub;

import chat.core.events.ChatEvents;
import chat.core.protocol.CloseCode;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Finds connections that went quiet or stopped reading; the service calls it periodically. A
 * member silent for {@code pingAfter} gets a WebSocket ping, one silent for {@code pingAfter +
 * answerWithin} (no frame, no pong) is closed with 1001; one with a write in flight for longer than
 * {@code SEND_TIMEOUT_MS} is closed as a slow consumer. Called from one thread at a time.
 */
final class Liveness {
    private final long sendTimeoutNanos;
    private final ChatEvents events;

    Liveness(ChatLimits limits, ChatEvents events) {
        this.sendTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(limits.sendTimeoutMillis());
        this.events = events;
    }

    void checkIdle(Collection<Member> members, long nowMillis, Duration pingAfter, Duration answerWithin) {
        long pingAt = pingAfter.toMillis();
        long deadAt = pingAt + answerWithin.toMillis();
        for (Member member : members) {
            checkIdle(member, nowMillis, pingAt, deadAt);
        }
    }

    void checkStalledWrites(Collection<Member> members) {
        long now = System.nanoTime();
        for (Member member : members) {
            checkStalledWrite(member, now);
        }
    }

    /**
     * Both checks in one pass (each member is read once, not once per check: with many idle
     * connections the pass costs what the members' memory costs to walk); {@code pingAfter} zero
     * checks writes only.
     */
    void checkPeers(Collection<Member> members, long nowMillis, Duration pingAfter, Duration answerWithin) {
        long nowNanos = System.nanoTime();
        boolean pings = !pingAfter.isZero();
        long pingAt = pingAfter.toMillis();
        long deadAt = pingAt + answerWithin.toMillis();
        for (Member member : members) {
            if (checkStalledWrite(member, nowNanos) || !pings) {
                continue;
            }
            checkIdle(member, nowMillis, pingAt, deadAt);
        }
    }

    /** Closes the member's connection when its write in flight is older than the send timeout; returns whether it did. */
    private boolean checkStalledWrite(Member member, long nowNanos) {
        // reports slowConsumerClosed itself
        return !member.closed && member.connection.closeIfStalled(nowNanos, sendTimeoutNanos);
    }

    private void checkIdle(Member member, long nowMillis, long pingAt, long deadAt) {
        if (member.closed || member.idleClosing) {
            return;
        }
        long silent = nowMillis - member.lastHeardMillis;
        if (silent > deadAt) {
            member.idleClosing = true; // its close may wait behind queued frames: count it once
            events.idleClosed();
            member.connection.close(CloseCode.GOING_AWAY, "no answer to ping");
        } else if (silent >= pingAt) {
            member.connection.ping();
        }
    }
}
