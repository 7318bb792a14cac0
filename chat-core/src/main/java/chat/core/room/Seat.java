package chat.core.room;

import chat.core.connection.Connection;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;

import java.util.ArrayDeque;
import java.util.List;

/**
 * One connection's place in one room. Normally it passes the room's frames straight to the
 * connection. A member that resumes with a {@code lastSeq} starts <em>replaying</em>: live frames
 * are held while its history is read, then {@link #finishReplay} sends the replay, then the held
 * frames the replay did not already contain, and from then on live frames again, skipping any TALK
 * the replay covered. So the member sees every TALK after its {@code lastSeq} exactly once, in seq
 * order, before anything live.
 */
public final class Seat {
    private final Connection connection;
    private final int maxHeld;
    private volatile boolean replaying;
    private volatile long replayedThrough = ChatMessage.NO_SEQ;
    private ArrayDeque<EncodedFrame> held; // guarded by this, non-null while replaying
    private boolean resetWhileReplaying; // guarded by this

    /** A seat that passes frames through. */
    public Seat(Connection connection) {
        this.connection = connection;
        this.maxHeld = 0;
    }

    /** A replaying seat, holding at most {@code maxHeld} live frames until {@link #finishReplay}. */
    public Seat(Connection connection, int maxHeld) {
        this.connection = connection;
        this.maxHeld = maxHeld;
        this.replaying = true;
        this.held = new ArrayDeque<>();
    }

    public Connection connection() {
        return connection;
    }

    /** Hands one of the room's frames to the member; returns whether it was queued to the connection. */
    public boolean offer(EncodedFrame frame) {
        if (replaying) {
            synchronized (this) {
                if (replaying) {
                    if (held.size() >= maxHeld) {
                        connection.close(CloseCode.POLICY_VIOLATION, "slow consumer");
                        return false;
                    }
                    held.addLast(frame);
                    return false;
                }
            }
        }
        if (covered(frame)) {
            return false;
        }
        return connection.send(frame);
    }

    /**
     * Sends {@code replay} (an optional notice, then TALKs in seq order up to seq
     * {@code throughSeq}), then what was held, and goes live.
     */
    public synchronized void finishReplay(List<EncodedFrame> replay, long throughSeq) {
        for (EncodedFrame frame : replay) {
            connection.send(frame);
        }
        // a reset of the room's numbering seen while replaying: the held TALKs are of the new numbering
        replayedThrough = resetWhileReplaying ? ChatMessage.NO_SEQ : throughSeq;
        for (EncodedFrame frame : held) {
            if (!covered(frame)) {
                connection.send(frame);
            }
        }
        held = null;
        replaying = false;
    }

    /** The room's numbering started again: no TALK is covered by the replay any more. */
    public synchronized void forgetReplay() {
        replayedThrough = ChatMessage.NO_SEQ;
        if (replaying) {
            resetWhileReplaying = true;
        }
    }

    /**
     * True for a TALK the replay already sent. Live TALKs come in seq order, so the first one past
     * the replay closes the window (a later, lower seq means the numbering started again).
     */
    private boolean covered(EncodedFrame frame) {
        if (replayedThrough == ChatMessage.NO_SEQ || !(frame.frame() instanceof ChatMessage m) || !m.hasSeq()) {
            return false;
        }
        if (m.seq() <= replayedThrough) {
            return true;
        }
        replayedThrough = ChatMessage.NO_SEQ;
        return false;
    }
}
