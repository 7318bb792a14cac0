package chat.core.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatLimitsTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        assertEquals(new ChatLimits(100, 8_192, 1_024, 64), ChatLimits.defaults());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void nonPositiveMaxRoomsPerConnectionIsRejectedNamingTheField(int value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChatLimits(value, 1, 1, 1));
        assertTrue(e.getMessage().contains("maxRoomsPerConnection"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(value)), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void nonPositiveMaxMessageCharsIsRejectedNamingTheField(int value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChatLimits(1, value, 1, 1));
        assertTrue(e.getMessage().contains("maxMessageChars"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void nonPositiveOutboundQueueFramesIsRejectedNamingTheField(int value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChatLimits(1, 1, value, 1));
        assertTrue(e.getMessage().contains("outboundQueueFrames"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void nonPositiveMaxPendingCommandsIsRejectedNamingTheField(int value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChatLimits(1, 1, 1, value));
        assertTrue(e.getMessage().contains("maxPendingCommands"), e.getMessage());
    }

    @Test
    void withersValidateTheirValue() {
        ChatLimits limits = ChatLimits.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> limits.withMaxRoomsPerConnection(0))
                .getMessage().contains("maxRoomsPerConnection"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> limits.withMaxMessageChars(0))
                .getMessage().contains("maxMessageChars"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> limits.withOutboundQueueFrames(0))
                .getMessage().contains("outboundQueueFrames"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> limits.withMaxPendingCommands(0))
                .getMessage().contains("maxPendingCommands"));
    }

    @Test
    void withersChangeOnlyTheirOwnField() {
        ChatLimits limits = ChatLimits.defaults();
        assertEquals(new ChatLimits(2, 8_192, 1_024, 64), limits.withMaxRoomsPerConnection(2));
        assertEquals(new ChatLimits(100, 5, 1_024, 64), limits.withMaxMessageChars(5));
        assertEquals(new ChatLimits(100, 8_192, 7, 64), limits.withOutboundQueueFrames(7));
        assertEquals(new ChatLimits(100, 8_192, 1_024, 3), limits.withMaxPendingCommands(3));
    }
}
