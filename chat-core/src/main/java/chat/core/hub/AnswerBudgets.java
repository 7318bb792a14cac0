package chat.core.hub;

import chat.core.history.HistoryBounds;

/**
 * How much of a connection's outbound queue ({@link ChatLimits#outboundQueueFrames()},
 * {@link ChatLimits#outboundQueueBytes()}) the hub lets one answer take.
 *
 * @param replay                 what one resume replays, and one room's recovery reads: half the
 *                               queue, at least one frame and one byte
 * @param answerWhenQueuedAtMost a command with a large answer (a HISTORY page, a resume's replay)
 *                               waits until no more than this is queued for its connection: a client
 *                               that does not read what it asked for cannot make the server hold a
 *                               second answer (its commands wait, and past MAX_PENDING_COMMANDS it is
 *                               closed), and one resuming many rooms at once gets their replays one
 *                               after another. A quarter of the queue, at most a HISTORY page.
 */
record AnswerBudgets(HistoryBounds replay, long answerWhenQueuedAtMost) {
    static AnswerBudgets of(ChatLimits limits) {
        return new AnswerBudgets(new HistoryBounds(Math.max(1, limits.outboundQueueFrames() / 2),
                Math.max(1, limits.outboundQueueBytes() / 2)),
                Math.min(ChatHub.HISTORY_PAGE_BYTES, limits.outboundQueueBytes() / 4));
    }
}
