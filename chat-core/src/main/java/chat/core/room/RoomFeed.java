package chat.core.room;

import chat.core.broker.Broker;
import chat.core.connection.Connection;
import chat.core.events.ChatEvents;
import chat.core.events.Limit;
import chat.core.history.HistoryBounds;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.ResyncNotice;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.CompletionStage;

/**
 * One room on this instance: its local members' seats, and the guarantee that they get the room's
 * TALKs in seq order, each once, with no silent gap.
 *
 * <p>The broker delivers a room's messages in seq order, but after it lost and remade the room's
 * subscription some may be missing. The feed remembers the highest seq it delivered. A TALK that
 * skips numbers (or a {@link #catchUp} after a resubscription) makes it read the missing TALKs
 * from the history while holding later traffic; it then delivers what it read, drops the live
 * copies of those (overlap), and carries on. TALKs no longer in the history are reported to every
 * local member with a {@link ResyncNotice}. A TALK numbered lower than one already delivered, and
 * not an overlap, means the room's numbering started again (its history expired or Redis lost
 * it): members are told too.
 *
 * <p>Every read ends. A read is started by a live TALK that skips numbers or by a resubscription,
 * never by what a read left behind: a gap still open among the TALKs held during a read (the
 * room's counter is behind its channel: Redis lost the counter, or someone else publishes on the
 * channel) is reported with a RESYNC and passed over, not read again. A read returns at most
 * {@code recoveryBounds} of the newest missed TALKs; older ones are reported too. A closed feed
 * (its room has no local member any more) starts no read and drops what its reads bring.
 *
 * <p>Thread-safety: the broker calls {@link #onMessage} one message at a time; history reads
 * complete on other threads. All state changes and deliveries take the feed's lock; seats can be
 * added and removed without it.
 *
 * <p>The feed holds traffic and reads history; its {@link TalkSequence} says where each TALK stands
 * in the room's numbering, and its {@link RoomSeats} hand what is delivered to the members.
 */
public final class RoomFeed {
    private final String roomId;
    private final Broker broker;
    private final ChatEvents events;
    private final int maxHeld;
    private final HistoryBounds recoveryBounds;
    private final RoomSeats seats;

    // guarded by this
    private final TalkSequence sequence = new TalkSequence();
    private boolean catchUpPending;     // a resubscription was reported while a read was under way
    private ArrayDeque<ChatMessage> held; // non-null while reading history
    private int readGeneration;
    private boolean gapsAreFinal;       // draining what a read held: a gap left now is not read again
    private boolean closed;

    public RoomFeed(String roomId, Broker broker, ChatCodec codec, ChatEvents events, Clock clock, int maxHeld,
             HistoryBounds recoveryBounds) {
        this.roomId = roomId;
        this.broker = broker;
        this.events = events;
        this.maxHeld = maxHeld;
        this.recoveryBounds = recoveryBounds;
        this.seats = new RoomSeats(codec, events, clock);
    }

    public void add(Seat seat) {
        seats.add(seat);
    }

    public boolean remove(Connection connection) {
        return seats.remove(connection);
    }

    public boolean isEmpty() {
        return seats.isEmpty();
    }

    public Collection<Seat> seats() {
        return seats.all();
    }

    /** The room has no local member any more: no more reads, nothing more delivered. */
    public synchronized void close() {
        closed = true;
        readGeneration++;
        held = null;
        catchUpPending = false;
    }

    /** The room's latest seq, read after its subscription here was made: where this feed starts. */
    public synchronized void startAt(long latestSeq) {
        if (closed) {
            return;
        }
        if (sequence.startAt(latestSeq) && catchUpPending && held == null) {
            catchUpPending = false;
            read(latestSeq);
        }
    }

    /** A message of the room, from the broker, in the room's order. */
    public synchronized void onMessage(ChatMessage message) {
        if (closed) {
            return;
        }
        if (held != null) {
            if (held.size() < maxHeld) {
                held.addLast(message);
                return;
            }
            abandonRead(); // reading history takes too long for this room's traffic: go on without it
        }
        accept(message);
    }

    /** The broker remade the room's subscription: read what was published while it was lost. */
    public synchronized void catchUp() {
        if (closed) {
            return;
        }
        long from = sequence.last();
        if (held != null || from == TalkSequence.NONE) {
            // a read is under way (it may have started before the loss), or the start is not known yet:
            // read again once that is settled
            catchUpPending = true;
            return;
        }
        read(from);
    }

    /** Under the lock, not reading: delivers or drops one live message, or starts reading a gap. */
    private void accept(ChatMessage message) {
        if (!message.hasSeq()) {
            seats.deliver(message);
            return;
        }
        switch (sequence.place(message.seq())) {
            case OVERLAP -> { } // delivered from history already
            case NEXT -> deliverTalk(message);
            case AFTER_GAP -> readOrPassOver(sequence.last(), message);
            case RESTART -> {
                seats.resync(ResyncNotice.reset(roomId, sequence.last(), message.seq()));
                seats.forgetReplays();
                deliverTalk(message);
            }
        }
    }

    /**
     * A TALK after a gap: read the gap from the history, unless a read just tried (then the history
     * does not have it: report it and go on).
     */
    private void readOrPassOver(long last, ChatMessage talk) {
        if (gapsAreFinal) {
            seats.resync(ResyncNotice.gap(roomId, last, talk.seq(), "are not in the room's history"));
            deliverTalk(talk);
        } else {
            read(last, talk);
        }
    }

    private void read(long afterSeq) {
        read(afterSeq, null);
    }

    /** Holds live traffic (starting with {@code first}, if any) and reads the history after {@code afterSeq}. */
    private void read(long afterSeq, ChatMessage first) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        if (first != null) {
            held.addLast(first);
        }
        int generation = ++readGeneration;
        CompletionStage<HistorySlice> reading;
        try {
            reading = broker.historyAfter(roomId, afterSeq, recoveryBounds);
        } catch (RuntimeException e) {
            reading = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        reading.whenComplete((slice, failure) -> read(generation, afterSeq, slice, failure));
    }

    private synchronized void read(int generation, long afterSeq, HistorySlice slice, Throwable failure) {
        if (generation != readGeneration || held == null) {
            return; // abandoned
        }
        if (failure != null) {
            abandonRead();
        } else {
            if (slice.missesAfter(afterSeq)) {
                seats.resync(slice.resyncAfter(roomId, afterSeq));
                if (afterSeq > slice.latestSeq()) { // numbered from 1 again: read all of it, still holding
                    seats.forgetReplays();
                    sequence.restartFromZero();
                    read(0);
                    return;
                }
            }
            long firstRead = slice.messages().isEmpty() ? slice.latestSeq() + 1 : slice.messages().get(0).seq();
            long firstStored = Math.max(afterSeq + 1, slice.firstSeq());
            if (firstRead > firstStored) { // more were missed than one recovery holds: the newest come
                events.limitReached(Limit.REPLAY);
                seats.resync(ResyncNotice.gap(roomId, Math.max(afterSeq, firstStored - 1), firstRead,
                        "are more than one recovery holds: ask for them with HISTORY"));
            }
            int recovered = 0;
            for (ChatMessage m : slice.messages()) {
                if (sequence.isUndelivered(m.seq())) {
                    deliverTalk(m);
                    recovered++;
                }
            }
            events.historyRecovered(recovered);
            sequence.recovered(afterSeq, slice.latestSeq()); // what the history no longer had was reported above
        }
        drainHeld();
        if (catchUpPending && held == null) {
            catchUpPending = false;
            catchUp();
        }
    }

    /** Gives up the read under way: members are told of the gap, and live traffic goes on. */
    private void abandonRead() {
        readGeneration++;
        ChatMessage next = held.stream().filter(ChatMessage::hasSeq).findFirst().orElse(null);
        long last = sequence.last();
        if (next != null && last != TalkSequence.NONE && next.seq() > last + 1) {
            seats.resync(ResyncNotice.gap(roomId, last, next.seq(), "could not be read from the room's history"));
            sequence.forget(); // so the next TALK is taken as it is
        }
        drainHeld();
    }

    /**
     * Goes live with what was held during a read. Gaps among the held TALKs were the read's to fill:
     * one left open is final, unless a resubscription meanwhile asks for another read.
     */
    private void drainHeld() {
        ArrayDeque<ChatMessage> waiting = held;
        held = null;
        gapsAreFinal = !catchUpPending;
        try {
            while (!waiting.isEmpty()) {
                if (held != null) { // a new gap: keep the rest behind the message that found it
                    held.addAll(waiting);
                    return;
                }
                accept(waiting.pollFirst());
            }
        } finally {
            gapsAreFinal = false;
        }
    }

    private void deliverTalk(ChatMessage talk) {
        seats.deliver(talk);
        sequence.delivered(talk.seq());
    }
}
