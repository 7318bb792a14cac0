package chat.core.hub;

import chat.core.connection.Connection;
import chat.core.events.ChatEvents;
import chat.core.events.FrameKind;
import chat.core.protocol.ClientCommand;
import chat.core.protocol.CloseCode;
import chat.core.protocol.ErrorCode;
import chat.core.protocol.HistoryRequest;
import chat.core.protocol.Inbound;
import chat.core.protocol.InvalidFrame;
import chat.core.protocol.MessageType;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes what a registered connection sends: a frame or a pong marks the peer as heard; a frame is
 * counted and passes its {@link FloodControl}; a PING ends there; every other frame, an invalid one
 * too, joins the connection's command sequence, so answers keep the frames' order: an invalid frame
 * is answered with its error, HISTORY goes to {@link HistoryPages}, the rest to {@link RoomCommands}.
 * A connection with too many commands waiting is closed. What unknown or closed connections send is
 * ignored. Thread-safe; a connection's frames arrive one at a time.
 */
final class FrameIntake {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Members members;
    private final RoomCommands roomCommands;
    private final HistoryPages historyPages;
    private final Answers answers;
    private final ChatEvents events;
    private final ChatLimits limits;
    private final Clock clock;

    FrameIntake(Members members, RoomCommands roomCommands, HistoryPages historyPages, Answers answers,
                ChatEvents events, ChatLimits limits, Clock clock) {
        this.members = members;
        this.roomCommands = roomCommands;
        this.historyPages = historyPages;
        this.answers = answers;
        this.events = events;
        this.limits = limits;
        this.clock = clock;
    }

    /** One decoded client frame of {@code connection}, in its command order. */
    void frame(Connection connection, Inbound frame) {
        Member member = members.get(connection);
        if (member == null || member.closed) {
            return;
        }
        long now = clock.millis();
        member.lastHeardMillis = now;
        events.frameReceived(FrameKind.of(frame));
        switch (member.flood.take(now)) {
            case DROP -> {
                return; // being closed for flooding: the rest of its frames are dropped unanswered
            }
            case CLOSE -> {
                events.rateLimited();
                connection.close(CloseCode.POLICY_VIOLATION, "rate limit exceeded");
                return;
            }
            case REFUSE -> {
                events.rateLimited();
                member.sequencer.submit(() -> {
                    answers.error(connection, ErrorCode.RATE_LIMITED, "slow down: at most " + limits.ratePerSecond()
                            + " frames per second (bursts of " + limits.rateBurst() + ")", null);
                    return DONE;
                }, false);
                return;
            }
            case PASS -> {
                // handled below
            }
        }
        if (frame instanceof ClientCommand command && command.type() == MessageType.PING) {
            return;
        }
        // Errors are sequenced too, so answers keep the order of the frames even while a join waits.
        if (!member.sequencer.submit(() -> handle(member, frame), false)) {
            connection.close(CloseCode.POLICY_VIOLATION, "too many commands waiting");
        }
    }

    /** {@code connection} answered a ping: it is alive. */
    void pong(Connection connection) {
        Member member = members.get(connection);
        if (member != null) {
            member.lastHeardMillis = clock.millis();
        }
    }

    private CompletionStage<Void> handle(Member member, Inbound frame) {
        if (member.closed) {
            return DONE;
        }
        if (frame instanceof InvalidFrame invalid) {
            answers.error(member.connection, invalid.code(), invalid.reason(), invalid.roomId());
            return DONE;
        }
        if (frame instanceof HistoryRequest request) {
            return historyPages.answer(member, request);
        }
        return roomCommands.apply(member, (ClientCommand) frame);
    }
}
