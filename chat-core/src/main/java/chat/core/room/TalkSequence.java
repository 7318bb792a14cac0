package chat.core.room;

/**
 * Where one room's numbered TALKs stand on this instance: the highest seq delivered or, before
 * any, the room's latest seq when it was subscribed here (the start); and the seqs a history read
 * delivered, whose live copies are to be dropped (the overlap). It {@linkplain #place places} each
 * live TALK against that; what to do about it is the {@link RoomFeed}'s. Not thread-safe: the feed
 * uses it under its own lock.
 */
final class TalkSequence {
    static final long NONE = -1;

    /** Where a live TALK stands against what was delivered. */
    enum Place {
        /** Delivered already, read from the history: dropped. */
        OVERLAP,
        /** The next in order, or the first when nothing is known yet: delivered. */
        NEXT,
        /** Numbers are missing between {@link #last()} and it. */
        AFTER_GAP,
        /** Lower than {@link #last()} and not an overlap: the room's numbering started again. */
        RESTART
    }

    private long delivered = NONE;     // highest seq delivered to the seats
    private long floor = NONE;         // the room's latest seq just after it was subscribed here
    private long overlapFrom = NONE;    // live TALKs in (overlapFrom, overlapThrough] were already delivered
    private long overlapThrough = NONE; // from history; anything lower than that is not an overlap

    /**
     * The room's latest seq, read after its subscription here was made. Taken only while neither a
     * start nor a delivery is known; returns whether it was.
     */
    boolean startAt(long latestSeq) {
        if (delivered != NONE || floor != NONE) {
            return false;
        }
        floor = latestSeq;
        return true;
    }

    /** The seq the next TALK follows: the highest delivered, else the start, else {@link #NONE}. */
    long last() {
        return delivered != NONE ? delivered : floor;
    }

    /** Places a live TALK; the first live TALK past a history read in order closes the overlap. */
    Place place(long seq) {
        if (overlapThrough != NONE) {
            if (seq > overlapFrom && seq <= overlapThrough) {
                return Place.OVERLAP;
            }
            if (seq <= overlapFrom || seq == overlapThrough + 1) {
                overlapFrom = NONE; // live traffic is past the history read in order (or numbering started again)
                overlapThrough = NONE;
            }
            // a TALK beyond the read that skips numbers (a foreign publisher, a lost counter) leaves the
            // window open: live copies of what the read delivered may still follow it
        }
        if (delivered == NONE) {
            return floor == NONE || seq <= floor + 1 ? Place.NEXT : Place.AFTER_GAP;
        }
        if (seq == delivered + 1) {
            return Place.NEXT;
        }
        return seq > delivered + 1 ? Place.AFTER_GAP : Place.RESTART;
    }

    /** The TALK numbered {@code seq} was delivered. */
    void delivered(long seq) {
        delivered = seq;
    }

    /** True for a seq higher than any delivered. */
    boolean isUndelivered(long seq) {
        return delivered == NONE || seq > delivered;
    }

    /**
     * A history read after {@code afterSeq} delivered what the history had, up to the room's
     * {@code latestSeq} (what it no longer had was reported): live copies of those are overlaps.
     */
    void recovered(long afterSeq, long latestSeq) {
        if (latestSeq > 0 && isUndelivered(latestSeq)) {
            delivered = latestSeq;
        }
        overlapFrom = afterSeq;
        overlapThrough = delivered;
    }

    /** The room is numbered from 1 again: nothing of it was delivered, all of it follows seq 0. */
    void restartFromZero() {
        delivered = NONE;
        floor = 0;
    }

    /** Neither a start nor a delivery is known any more: the next TALK is taken as it comes. */
    void forget() {
        delivered = NONE;
        floor = NONE;
    }
}
