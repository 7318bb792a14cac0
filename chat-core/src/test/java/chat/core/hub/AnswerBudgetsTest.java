package chat.core.hub;

import chat.core.history.HistoryBounds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AnswerBudgetsTest {
    @Test
    void aReplayTakesHalfTheQueueAndALargeAnswerWaitsForAQuarter() {
        AnswerBudgets budgets = AnswerBudgets.of(ChatLimits.defaults().withOutboundQueueFrames(100)
                .withOutboundQueueBytes(200_000));
        assertEquals(new HistoryBounds(50, 100_000), budgets.replay());
        assertEquals(50_000, budgets.answerWhenQueuedAtMost());
    }

    @Test
    void aLargeQueueWaitsForNoMoreThanAHistoryPage() {
        AnswerBudgets budgets = AnswerBudgets.of(ChatLimits.defaults().withOutboundQueueBytes(64L << 20));
        assertEquals(ChatHub.HISTORY_PAGE_BYTES, budgets.answerWhenQueuedAtMost());
        assertEquals(32L << 20, budgets.replay().bytes());
    }

    @Test
    void aTinyQueueStillReplaysOneFrame() {
        AnswerBudgets budgets = AnswerBudgets.of(ChatLimits.defaults().withOutboundQueueFrames(1)
                .withOutboundQueueBytes(1));
        assertEquals(new HistoryBounds(1, 1), budgets.replay());
        assertEquals(0, budgets.answerWhenQueuedAtMost());
    }
}
