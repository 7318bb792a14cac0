package chat.core.room;

import chat.core.room.TalkSequence.Place;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TalkSequenceTest {

    private final TalkSequence sequence = new TalkSequence();

    @Test
    void withNothingKnownTheFirstTalkIsTakenAsItComes() {
        assertEquals(TalkSequence.NONE, sequence.last());
        assertEquals(Place.NEXT, sequence.place(57));
    }

    @Test
    void theStartIsTakenOnlyWhileNothingIsKnown() {
        assertTrue(sequence.startAt(10));
        assertFalse(sequence.startAt(20), "a second start");
        assertEquals(10, sequence.last());

        sequence.delivered(11);
        assertEquals(11, sequence.last(), "a delivery counts over the start");
        TalkSequence delivering = new TalkSequence();
        delivering.delivered(3);
        assertFalse(delivering.startAt(20), "a start read after a delivery is stale");
        assertEquals(3, delivering.last());
    }

    @Test
    void fromTheStartTheNextTalkIsInOrderAndALaterOneIsAfterAGap() {
        sequence.startAt(10);

        assertEquals(Place.NEXT, sequence.place(11));
        assertEquals(Place.NEXT, sequence.place(4), "nothing delivered yet: lower is taken as it comes");
        assertEquals(Place.AFTER_GAP, sequence.place(12));
        assertEquals(10, sequence.last(), "the gap is after the start");
    }

    @Test
    void afterADeliveryTalksAreNextAfterAGapOrARestart() {
        sequence.delivered(5);

        assertEquals(Place.NEXT, sequence.place(6));
        assertEquals(Place.AFTER_GAP, sequence.place(8));
        assertEquals(Place.RESTART, sequence.place(5));
        assertEquals(Place.RESTART, sequence.place(1));
        assertEquals(5, sequence.last(), "placing does not deliver");
    }

    @Test
    void liveCopiesOfWhatAReadDeliveredAreOverlapsUntilTrafficGoesPastTheReadInOrder() {
        sequence.delivered(3);
        sequence.recovered(3, 7);
        assertEquals(7, sequence.last());

        assertEquals(Place.OVERLAP, sequence.place(4));
        assertEquals(Place.OVERLAP, sequence.place(7));
        assertEquals(Place.NEXT, sequence.place(8));
        sequence.delivered(8);

        assertEquals(Place.RESTART, sequence.place(5), "the overlap is closed: a lower seq is a restart");
    }

    @Test
    void aTalkBeyondTheReadThatSkipsNumbersLeavesTheOverlapOpen() {
        sequence.recovered(3, 7);

        assertEquals(Place.AFTER_GAP, sequence.place(10));
        assertEquals(Place.OVERLAP, sequence.place(6), "a live copy of what the read delivered may still come");
    }

    @Test
    void aTalkAtOrBelowWhereTheReadStartedClosesTheOverlap() {
        sequence.recovered(3, 7);

        assertEquals(Place.RESTART, sequence.place(2));
        assertEquals(Place.RESTART, sequence.place(5), "no overlap any more");
    }

    @Test
    void aReadNeverMovesWhatWasDeliveredBack() {
        sequence.delivered(9);
        sequence.recovered(3, 7);
        assertEquals(9, sequence.last());
        assertEquals(Place.OVERLAP, sequence.place(9), "the overlap runs through what was delivered");

        TalkSequence empty = new TalkSequence();
        empty.startAt(0);
        empty.recovered(0, 0); // an empty room
        assertEquals(0, empty.last());
        assertEquals(Place.NEXT, empty.place(1));
    }

    @Test
    void onlySeqsPastTheHighestDeliveredAreUndelivered() {
        assertTrue(sequence.isUndelivered(1));
        sequence.delivered(5);

        assertFalse(sequence.isUndelivered(5));
        assertFalse(sequence.isUndelivered(2));
        assertTrue(sequence.isUndelivered(6));
    }

    @Test
    void aRoomNumberedFromOneAgainFollowsSeqZero() {
        sequence.delivered(9);

        sequence.restartFromZero();

        assertEquals(0, sequence.last());
        assertTrue(sequence.isUndelivered(1));
        assertEquals(Place.NEXT, sequence.place(1));
        assertEquals(Place.AFTER_GAP, sequence.place(3));
    }

    @Test
    void forgettingTakesTheNextTalkAsItComesAndAcceptsANewStart() {
        sequence.delivered(9);

        sequence.forget();

        assertEquals(TalkSequence.NONE, sequence.last());
        assertEquals(Place.NEXT, sequence.place(100));
        assertTrue(sequence.startAt(5));
    }
}
