package chat.core.hooks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Looks at every TALK a member sends before it is numbered, stored or delivered: lets it pass,
 * replaces its text, or rejects it (the sender alone gets {@code ERROR REJECTED} with the reason;
 * nothing is numbered or delivered). Runs in the sender's command order; a stage that fails, or a
 * replacement that is not valid chat text, leaves the TALK unsent with {@code UNAVAILABLE}.
 * Implementations are thread-safe and must not block: a slow check completes its stage later.
 *
 * <pre>{@code
 * TalkFilter noShouting = talk -> CompletableFuture.completedFuture(
 *         talk.message().equals(talk.message().toUpperCase()) && talk.message().length() > 8
 *                 ? TalkVerdict.reject("no shouting") : TalkVerdict.ACCEPT);
 * }</pre>
 */
@FunctionalInterface
public interface TalkFilter {
    /** Every TALK passes unchanged. */
    TalkFilter NONE = talk -> CompletableFuture.completedFuture(TalkVerdict.ACCEPT);

    CompletionStage<TalkVerdict> check(Talk talk);

    /** A TALK as its sender sent it. */
    record Talk(String userId, String roomId, String message) {
    }
}
