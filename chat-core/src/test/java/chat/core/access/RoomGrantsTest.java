package chat.core.access;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomGrantsTest {
    private static RoomGrants grants(String... patterns) {
        return assertInstanceOf(RoomGrants.Valid.class, RoomGrants.parse(List.of(patterns))).grants();
    }

    private static String problem(List<String> patterns) {
        return assertInstanceOf(RoomGrants.Invalid.class, RoomGrants.parse(patterns)).problem();
    }

    @Test
    void anExactPatternMatchesThatRoomOnly() {
        RoomGrants lobby = grants("lobby");
        assertTrue(lobby.covers("lobby"));
        assertFalse(lobby.covers("lobby2"));
        assertFalse(lobby.covers("lobb"));
    }

    @Test
    void aPrefixPatternMatchesEveryRoomStartingWithIt() {
        RoomGrants team = grants("team-42:*");
        assertTrue(team.covers("team-42:general"));
        assertTrue(team.covers("team-42:"));
        assertFalse(team.covers("team-42"));
        assertFalse(team.covers("team-421:general"));
    }

    @Test
    void aLoneStarGrantsEveryRoomAndNoPatternsGrantNone() {
        assertTrue(grants("*").covers("anything"));
        assertFalse(grants().covers("lobby"));
        assertFalse(RoomGrants.NONE.covers("lobby"));
    }

    @Test
    void invalidPatternsAreRefusedWithTheReason() {
        assertTrue(problem(List.of("lob by")).contains("\"lob by\""), problem(List.of("lob by")));
        assertTrue(problem(List.of("a*b*")).contains("invalid"), "a star only at the end");
        assertTrue(problem(List.of("**")).contains("invalid"));
        assertTrue(problem(List.of("x".repeat(129))).contains("at most 128"));
        assertTrue(problem(List.of("bad\u0000")).contains("\\u0000"), "quoted printable: " + problem(List.of("bad\u0000")));
        List<String> withNull = new ArrayList<>(List.of("lobby"));
        withNull.add(null);
        assertEquals("a room pattern is null", problem(withNull));
    }

    @Test
    void atMostAThousandPatterns() {
        grants(Collections.nCopies(RoomGrants.MAX_PATTERNS, "lobby").toArray(String[]::new));
        assertTrue(problem(Collections.nCopies(RoomGrants.MAX_PATTERNS + 1, "lobby")).startsWith("at most 1000"));
    }
}
