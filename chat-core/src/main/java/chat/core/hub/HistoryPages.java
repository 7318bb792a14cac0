package chat.core.hub;

import chat.core.access.RoomAction;
import chat.core.broker.Broker;
import chat.core.events.ChatEvents;
import chat.core.events.Limit;
import chat.core.history.HistoryBounds;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.ErrorCode;
import chat.core.protocol.HistoryPage;
import chat.core.protocol.HistoryRequest;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers HISTORY: one page of a room's stored TALKs, the newest below {@code beforeSeq} that fit in
 * {@code limit} and {@link ChatHub#HISTORY_PAGE_BYTES}, with {@code more} when older ones are still
 * stored. Members only. The page is read once the client has read what was queued for it (see
 * {@link AnswerBudgets}). Room access is decided before membership. Thread-safe.
 */
final class HistoryPages {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Broker broker;
    private final AccessChecks access;
    private final Answers answers;
    private final ChatEvents events;
    private final long answerWhenQueuedAtMost;

    HistoryPages(Broker broker, AccessChecks access, Answers answers, ChatEvents events, long answerWhenQueuedAtMost) {
        this.broker = broker;
        this.access = access;
        this.answers = answers;
        this.events = events;
        this.answerWhenQueuedAtMost = answerWhenQueuedAtMost;
    }

    /** Access is decided first: a room the member may not access is FORBIDDEN, member or not. */
    CompletionStage<Void> answer(Member member, HistoryRequest request) {
        return access.check(member, request.roomId(), RoomAction.HISTORY)
                .thenCompose(allowed -> allowed && !member.closed ? answerAllowed(member, request) : DONE);
    }

    private CompletionStage<Void> answerAllowed(Member member, HistoryRequest request) {
        if (!member.rooms.contains(request.roomId())) {
            answers.error(member.connection, ErrorCode.NOT_IN_ROOM, "ENTER the room before you ask for its HISTORY",
                    request.roomId());
            return DONE;
        }
        return member.connection.whenQueuedAtMost(answerWhenQueuedAtMost)
                .thenCompose(ready -> member.closed ? DONE : readPage(member, request));
    }

    /** The page a slice makes: {@code more} when older TALKs are still stored. */
    static HistoryPage page(String roomId, HistorySlice slice) {
        List<ChatMessage> messages = slice.messages();
        return new HistoryPage(roomId, messages, !messages.isEmpty() && messages.get(0).seq() > slice.firstSeq());
    }

    private CompletionStage<Void> readPage(Member member, HistoryRequest request) {
        String roomId = request.roomId();
        CompletionStage<HistorySlice> reading;
        try {
            reading = broker.historyBefore(roomId, request.beforeSeq(),
                    new HistoryBounds(request.limit(), ChatHub.HISTORY_PAGE_BYTES));
        } catch (RuntimeException e) {
            reading = CompletableFuture.failedFuture(e);
        }
        return reading.handle((slice, failure) -> {
            if (failure != null) {
                answers.error(member.connection, ErrorCode.UNAVAILABLE,
                        "history not available, try again: " + Answers.describe(failure), roomId);
            } else {
                HistoryPage page = page(roomId, slice);
                if (page.more() && page.messages().size() < request.limit()) {
                    events.limitReached(Limit.HISTORY_PAGE);
                }
                answers.send(member.connection, page);
            }
            return null;
        });
    }
}
