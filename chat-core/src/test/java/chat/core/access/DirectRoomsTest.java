package chat.core.access;

import chat.core.protocol.Identifiers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectRoomsTest {
    @Test
    void bothUsersOfTheRoomAreAllowedAndNobodyElse() {
        assertEquals(AccessDecision.ALLOWED, DirectRooms.decide("alice", "dm:alice:bob"));
        assertEquals(AccessDecision.ALLOWED, DirectRooms.decide("bob", "dm:alice:bob"));
        assertInstanceOf(AccessDecision.Forbidden.class, DirectRooms.decide("carol", "dm:alice:bob"));
        assertInstanceOf(AccessDecision.Forbidden.class, DirectRooms.decide("ali", "dm:alice:bob"));
    }

    @Test
    void theUsersComeInAscendingCompareToOrderAndTheRefusalNamesTheRightId() {
        AccessDecision wrongOrder = DirectRooms.decide("alice", "dm:bob:alice");
        assertTrue(assertInstanceOf(AccessDecision.Forbidden.class, wrongOrder).reason().endsWith("dm:alice:bob"));
        // compareTo orders upper case before lower case
        assertEquals(AccessDecision.ALLOWED, DirectRooms.decide("bob", "dm:Zed:bob"));
        assertEquals("dm:Zed:bob", DirectRooms.between("bob", "Zed"));
    }

    @Test
    void malformedDirectRoomsAreForbidden() {
        for (String room : new String[] {"dm:", "dm:alice", "dm:alice:", "dm::bob", "dm:alice:alice",
                "dm:alice:bob:carol", "dm:SYSTEM:alice"}) {
            assertInstanceOf(AccessDecision.Forbidden.class, DirectRooms.decide("alice", room), room);
        }
    }

    @Test
    void twoOfTheLongestUserIdsMakeAValidRoomId() {
        String a = "a".repeat(Identifiers.MAX_USER_ID_LENGTH);
        String b = "b".repeat(Identifiers.MAX_USER_ID_LENGTH);
        String room = DirectRooms.between(b, a);
        assertEquals(132, room.length());
        assertTrue(Identifiers.roomIdProblem(room).isEmpty(), Identifiers.roomIdProblem(room).toString());
        assertEquals(AccessDecision.ALLOWED, DirectRooms.decide(b, room));
        assertFalse(Identifiers.roomIdProblem("x" + room).isEmpty(), "other rooms keep 128");
        assertFalse(Identifiers.roomIdProblem(room + "c").isEmpty());
    }
}
