package chat.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "a", "Bob_1", "first.last", "x-y", "me@example.com", "0123456789", "system"})
    void validUserIdsHaveNoProblem(String userId) {
        assertEquals(Optional.empty(), Identifiers.userIdProblem(userId));
    }

    @Test
    void userIdOfExactly64CharactersIsValid() {
        assertEquals(Optional.empty(), Identifiers.userIdProblem("u".repeat(64)));
    }

    @Test
    void userIdOf65CharactersIsTooLong() {
        Optional<String> problem = Identifiers.userIdProblem("u".repeat(65));
        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains("64"), problem.get());
    }

    @Test
    void nullUserIdIsRequired() {
        assertEquals(Optional.of("userId is required"), Identifiers.userIdProblem(null));
    }

    @Test
    void emptyUserIdIsRequired() {
        assertEquals(Optional.of("userId is required"), Identifiers.userIdProblem(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a:b", "a/b", "a\"b", "ali\u00e9", "\u00fc", "tab\t", "a+b", "\uD83D\uDE00"})
    void userIdWithCharactersOutsideTheSetIsInvalid(String userId) {
        Optional<String> problem = Identifiers.userIdProblem(userId);
        assertTrue(problem.isPresent(), userId);
        assertTrue(problem.get().contains("letters, digits"), problem.get());
    }

    @Test
    void reservedUserIdSystemIsRefused() {
        Optional<String> problem = Identifiers.userIdProblem("SYSTEM");
        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains("reserved"), problem.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"room-1", "r", "a_b.c:d-e@f", "LOBBY", "2025:q4"})
    void validRoomIdsHaveNoProblem(String roomId) {
        assertEquals(Optional.empty(), Identifiers.roomIdProblem(roomId));
    }

    @Test
    void roomIdOfExactly128CharactersIsValid() {
        assertEquals(Optional.empty(), Identifiers.roomIdProblem("r".repeat(128)));
    }

    @Test
    void roomIdOf129CharactersIsTooLong() {
        Optional<String> problem = Identifiers.roomIdProblem("r".repeat(129));
        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains("128"), problem.get());
    }

    @Test
    void nullRoomIdIsRequired() {
        assertEquals(Optional.of("roomId is required"), Identifiers.roomIdProblem(null));
    }

    @Test
    void emptyRoomIdIsRequired() {
        assertEquals(Optional.of("roomId is required"), Identifiers.roomIdProblem(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"room 1", "room/1", "room#1", "r\u00e9union", "\u6237", "room\n", "a,b"})
    void roomIdWithCharactersOutsideTheSetIsInvalid(String roomId) {
        Optional<String> problem = Identifiers.roomIdProblem(roomId);
        assertTrue(problem.isPresent(), roomId);
        assertTrue(problem.get().contains("letters, digits"), problem.get());
    }
}
