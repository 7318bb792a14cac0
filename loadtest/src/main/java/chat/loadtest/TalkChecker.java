package chat.loadtest;

import java.util.function.LongSupplier;

/**
 * One member's checks of its room's TALKs, called on that member's connection one at a time:
 * counts this process's own TALKs in the {@link Tally}, checks the room's seq rises, and records
 * latency from each TALK's <em>planned</em> send time. Measuring from the plan rather than from
 * when the sender got round to sending is what corrects for coordinated omission: a sender that
 * falls behind makes every late TALK count as late.
 */
final class TalkChecker implements Member.TalkListener {
    private final String clientId;
    private final int room;
    private final Tally tally;
    private final LatencyRecorder latency;
    private final LongSupplier timedFromNanos;
    private long lastSeq;

    /** @param timedFromNanos TALKs planned before this are counted but not timed (warm-up) */
    TalkChecker(String clientId, int room, Tally tally, LatencyRecorder latency, LongSupplier timedFromNanos) {
        this.clientId = clientId;
        this.room = room;
        this.tally = tally;
        this.latency = latency;
        this.timedFromNanos = timedFromNanos;
    }

    @Override
    public void onTalk(String fromUserId, String message, long seq, long receivedNanos) {
        if (seq > 0) {
            if (seq <= lastSeq) {
                tally.orderViolation(room);
            } else {
                lastSeq = seq;
            }
        }
        TalkText talk = TalkText.parseOwn(message, clientId);
        if (talk == null) {
            tally.receivedForeign();
            return;
        }
        tally.received(talk.id());
        if (talk.plannedNanos() >= timedFromNanos.getAsLong()) {
            latency.record(receivedNanos - talk.plannedNanos());
        }
    }
}
