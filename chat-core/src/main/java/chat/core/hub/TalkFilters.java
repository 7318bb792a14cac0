package chat.core.hub;

import chat.core.events.ThrottledWarning;
import chat.core.hooks.TalkFilter;
import chat.core.hooks.TalkVerdict;
import chat.core.protocol.ErrorCode;
import chat.core.protocol.WireText;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Puts a member's TALK before the application's {@link TalkFilter} and answers what it refused:
 * {@code REJECTED} with the filter's reason, or {@code UNAVAILABLE} when the filter failed or gave
 * a replacement that is no valid message (not I-JSON text, or over {@code MAX_MESSAGE_CHARS}).
 * Thread-safe.
 */
final class TalkFilters {
    private static final System.Logger LOG = System.getLogger(TalkFilters.class.getName());

    private final TalkFilter filter;
    private final Answers answers;
    private final ChatLimits limits;
    private final ThrottledWarning failures = new ThrottledWarning(LOG, Duration.ofMinutes(1));

    TalkFilters(TalkFilter filter, Answers answers, ChatLimits limits) {
        this.filter = filter;
        this.answers = answers;
        this.limits = limits;
    }

    /** Whether every TALK passes as it is: the hub then skips the filter. */
    boolean passesAll() {
        return filter == TalkFilter.NONE;
    }

    /**
     * Completes with the text to send, or empty when the TALK is not sent (the member was answered).
     */
    CompletionStage<Optional<String>> check(Member member, String roomId, String message) {
        CompletionStage<TalkVerdict> checked;
        try {
            checked = filter.check(new TalkFilter.Talk(member.connection.userId(), roomId, message));
        } catch (RuntimeException filterBug) {
            checked = CompletableFuture.failedFuture(filterBug);
        }
        return checked.handle((verdict, failure) -> {
            if (verdict instanceof TalkVerdict.Accept) {
                return Optional.of(message);
            }
            if (verdict instanceof TalkVerdict.Reject reject) {
                answers.error(member.connection, ErrorCode.REJECTED,
                        WireText.shown(reject.reason(), AccessChecks.MAX_REASON_CHARS), roomId);
                return Optional.empty();
            }
            String problem = verdict instanceof TalkVerdict.Replace replace ? replacementProblem(replace.message())
                    : "the message filter " + (failure == null ? "answered null" : "failed");
            if (problem == null) {
                return Optional.of(((TalkVerdict.Replace) verdict).message());
            }
            log(problem, failure);
            answers.error(member.connection, ErrorCode.UNAVAILABLE, "message not sent, try again: " + problem, roomId);
            return Optional.empty();
        });
    }

    private String replacementProblem(String replacement) {
        Optional<String> text = WireText.problem(replacement);
        if (text.isPresent()) {
            return "the message filter's replacement is not valid text (" + text.get() + ")";
        }
        if (limits.messageTooLong(replacement)) {
            return "the message filter's replacement is longer than " + limits.maxMessageChars() + " characters";
        }
        return null;
    }

    private void log(String problem, Throwable failure) {
        failures.occurred(count -> problem + " (" + count + " time(s) since the last line); the TALK was answered"
                + " UNAVAILABLE and not sent; further failures are not logged for a minute", failure);
    }
}
