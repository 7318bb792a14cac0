package chat.loadtest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TallyTest {

    @Test
    void countsMissingDuplicateAndOutOfOrderDeliveriesPerRoom() {
        Tally tally = new Tally(4, 2);
        tally.sent(0, 0, 3);
        tally.sent(1, 1, 2);
        tally.sent(2, 1, 2);
        tally.received(0);
        tally.received(0);
        tally.received(0);
        tally.received(1);
        tally.received(1);
        tally.received(1); // one too many
        tally.received(2); // one short
        tally.orderViolation(1);
        tally.receivedForeign();

        assertEquals(3, tally.sent());
        assertEquals(7, tally.expected());
        assertEquals(7, tally.deliveries());
        assertEquals(1, tally.missing());
        assertEquals(1, tally.duplicates());
        assertEquals(1, tally.orderViolations());
        assertEquals(1, tally.foreign());
        assertEquals(List.of(new Tally.RoomLoss("room-1", 1, 1)), tally.roomsWithProblems(10, room -> "room-" + room));
    }

    @Test
    void aTalkNobodyWasJoinedToReceiveExpectsNothing() {
        Tally tally = new Tally(1, 1);
        tally.sent(0, 0, 0);
        assertEquals(0, tally.missing());
        assertEquals(List.of(), tally.roomsWithProblems(10, room -> "r"));
    }

    @Test
    void talkTextRoundTripsAndTellsOwnFromForeign() {
        String text = new TalkText("tester-7", 42, 123_456_789L).format();
        assertEquals(new TalkText("tester-7", 42, 123_456_789L), TalkText.parseOwn(text, "tester-7"));
        assertEquals(null, TalkText.parseOwn(text, "tester-70"));
        assertEquals(null, TalkText.parseOwn(text, "tester"));
        assertEquals(null, TalkText.parseOwn("hello", "tester-7"));
        assertEquals(null, TalkText.parseOwn("tester-7|x|1", "tester-7"));
    }
}
