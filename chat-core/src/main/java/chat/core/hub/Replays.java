package chat.core.hub;

import chat.core.broker.Broker;
import chat.core.events.ChatEvents;
import chat.core.events.Limit;
import chat.core.history.HistoryBounds;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.EncodedFrame;
import chat.core.protocol.ResyncNotice;
import chat.core.room.Seat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends a resuming client (an ENTER with {@code lastSeq}) the TALKs it missed, with a RESYNC first
 * when some are gone. The read brings the newest TALKs within {@code bounds} (half the client's
 * outbound queue: a longer replay would close it as a slow consumer); what does not fit is announced
 * with RESYNC too, to be paged with HISTORY. A {@code lastSeq} above the room's newest seq means the
 * numbering started again: the client is told, and gets all there is. Thread-safe.
 */
final class Replays {
    private static final String CUT = "are more than one replay holds: ask for them with HISTORY";

    private final Broker broker;
    private final ChatCodec codec;
    private final ChatEvents events;
    private final HistoryBounds bounds;

    Replays(Broker broker, ChatCodec codec, ChatEvents events, HistoryBounds bounds) {
        this.broker = broker;
        this.codec = codec;
        this.events = events;
        this.bounds = bounds;
    }

    /** Reads and hands the replay to {@code seat}, which then goes live; fails when the history cannot be read. */
    CompletionStage<Void> replay(Seat seat, String roomId, long lastSeq) {
        return broker.historyAfter(roomId, lastSeq, bounds).thenCompose(slice -> lastSeq > slice.latestSeq()
                ? broker.historyAfter(roomId, 0, bounds).thenApply(all -> new Replay(
                        ResyncNotice.reset(roomId, lastSeq, all.firstSeq()), all, 0))
                : CompletableFuture.completedFuture(new Replay(
                        slice.missesAfter(lastSeq) ? slice.resyncAfter(roomId, lastSeq) : null, slice, lastSeq))
        ).thenAccept(replay -> send(seat, roomId, lastSeq, replay));
    }

    private void send(Seat seat, String roomId, long lastSeq, Replay replay) {
        HistorySlice slice = replay.slice();
        List<ChatMessage> messages = slice.messages();
        long firstSent = messages.isEmpty() ? slice.latestSeq() + 1 : messages.get(0).seq();
        ResyncNotice notice = replay.notice();
        if (firstSent > Math.max(replay.readAfter() + 1, slice.firstSeq())) {
            events.limitReached(Limit.REPLAY);
            notice = notice == null ? ResyncNotice.gap(roomId, lastSeq, firstSent, CUT) : notice.cutTo(firstSent, CUT);
        }
        List<EncodedFrame> frames = new ArrayList<>(messages.size() + 1);
        if (notice != null) {
            frames.add(codec.encodeFrame(notice));
            events.resyncSent(1);
        }
        for (ChatMessage message : messages) {
            frames.add(codec.encodeFrame(message));
        }
        events.historyReplayed(messages.size());
        // live TALKs up to the latest seq the read saw are in the replay or older than lastSeq
        seat.finishReplay(frames, slice.latestSeq());
    }

    /** What a resuming client is sent: an optional RESYNC, then the slice's TALKs, read after {@code readAfter}. */
    private record Replay(ResyncNotice notice, HistorySlice slice, long readAfter) {
    }
}
