package chat.core.hub;

import chat.core.access.AccessDecision;
import chat.core.access.AccessRequest;
import chat.core.access.RoomAccess;
import chat.core.access.RoomAction;
import chat.core.events.ChatEvents;
import chat.core.events.ThrottledWarning;
import chat.core.protocol.ErrorCode;
import chat.core.protocol.WireText;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks the deployment's {@link RoomAccess} (behind the direct-message rule) whether a member may
 * ENTER or read the HISTORY of a room, and answers a refusal: {@code FORBIDDEN} with the decider's
 * reason, or {@code UNAVAILABLE} when nothing could be decided (fail closed). Thread-safe.
 */
final class AccessChecks {
    private static final System.Logger LOG = System.getLogger(AccessChecks.class.getName());
    /** The longest reason of a decider passed on to a client. */
    static final int MAX_REASON_CHARS = 200;

    private final ThrottledWarning deciderFailures = new ThrottledWarning(LOG, Duration.ofMinutes(1));
    private final RoomAccess access;
    private final Answers answers;
    private final ChatEvents events;

    AccessChecks(RoomAccess access, Answers answers, ChatEvents events) {
        this.access = access.withDirectRooms();
        this.answers = answers;
        this.events = events;
    }

    /** Completes with true when {@code member} may go on; a refusal has been answered when it is false. */
    CompletionStage<Boolean> check(Member member, String roomId, RoomAction action) {
        CompletionStage<AccessDecision> decided;
        try {
            decided = access.decide(new AccessRequest(member.connection.userId(), roomId, action, member.grants));
        } catch (RuntimeException deciderBug) {
            decided = CompletableFuture.failedFuture(deciderBug);
        }
        return decided.handle((decision, failure) -> {
            if (failure != null || decision == null) {
                logDeciderFailure(failure);
            }
            AccessDecision outcome = failure == null && decision != null ? decision
                    : AccessDecision.unavailable("room access could not be decided");
            events.roomAccessDecided(action, outcome);
            if (outcome instanceof AccessDecision.Forbidden forbidden) {
                answers.error(member.connection, ErrorCode.FORBIDDEN, WireText.shown(forbidden.reason(), MAX_REASON_CHARS),
                        roomId);
                return false;
            }
            if (outcome instanceof AccessDecision.Unavailable unavailable) {
                answers.error(member.connection, ErrorCode.UNAVAILABLE, "room access could not be decided, try again: "
                        + WireText.shown(unavailable.reason(), MAX_REASON_CHARS), roomId);
                return false;
            }
            return true;
        });
    }

    private void logDeciderFailure(Throwable failure) {
        deciderFailures.occurred(count -> "the room access decider " + (failure == null ? "answered null" : "failed")
                + " (" + count + " time(s) since the last line); the request was answered UNAVAILABLE; further"
                + " failures are not logged for a minute", failure);
    }
}
