package chat.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The records and enums of the message model validate what they hold. */
class ModelTest {

    @ParameterizedTest
    @ValueSource(strings = {"ENTER", "enter", "Talk", "lEaVe", "ping"})
    void clientCommandTypesParseCaseInsensitively(String name) {
        assertEquals(Optional.of(MessageType.valueOf(name.toUpperCase(java.util.Locale.ROOT))),
                MessageType.parseClientCommand(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ERROR", "error", "SHUTDOWN", "", "CHAT", " ENTER", "ENTERENTERENTERENTER"})
    void serverTypesAndUnknownNamesAreNotClientCommands(String name) {
        assertEquals(Optional.empty(), MessageType.parseClientCommand(name));
    }

    @Test
    void nullNameIsNotAClientCommand() {
        assertEquals(Optional.empty(), MessageType.parseClientCommand(null));
    }

    @ParameterizedTest
    @EnumSource(value = MessageType.class, names = {"PING", "ERROR", "SHUTDOWN"})
    void chatMessageRejectsTypesThatAreNotRoomTraffic(MessageType type) {
        assertThrows(IllegalArgumentException.class, () -> new ChatMessage(type, "room-1", "alice", "", 0));
    }

    @Test
    void chatMessageRejectsInvalidRoomId() {
        assertThrows(IllegalArgumentException.class,
                () -> new ChatMessage(MessageType.TALK, "room 1", "alice", "", 0));
    }

    @Test
    void chatMessageRejectsNullMessage() {
        assertThrows(NullPointerException.class,
                () -> new ChatMessage(MessageType.TALK, "room-1", "alice", null, 0));
    }

    @Test
    void clientCommandRejectsServerTypes() {
        assertThrows(IllegalArgumentException.class, () -> new ClientCommand(MessageType.ERROR, "room-1", ""));
    }

    @Test
    void clientCommandForRoomTrafficRequiresValidRoom() {
        assertThrows(IllegalArgumentException.class, () -> ClientCommand.talk(null, "hi"));
    }

    @Test
    void pingNeedsNoRoom() {
        ClientCommand ping = ClientCommand.ping();
        assertEquals(MessageType.PING, ping.type());
        assertNull(ping.roomId());
        assertEquals("", ping.message());
    }

    @Test
    void invalidFrameBecomesErrorFrameWithSameCodeReasonAndRoom() {
        InvalidFrame invalid = new InvalidFrame(ErrorCode.BAD_JSON, "message must be a string", "room-1");
        assertEquals(new ErrorFrame(ErrorCode.BAD_JSON, "message must be a string", "room-1"), invalid.toErrorFrame());
        assertEquals(MessageType.ERROR, invalid.toErrorFrame().type());
    }

    @Test
    void closeCodesHaveTheirRfc6455Numbers() {
        assertEquals(1000, CloseCode.NORMAL.code());
        assertEquals(1003, CloseCode.CANNOT_ACCEPT.code());
        assertEquals(1008, CloseCode.POLICY_VIOLATION.code());
        assertEquals(1011, CloseCode.UNEXPECTED_CONDITION.code());
        assertEquals(1012, CloseCode.SERVICE_RESTART.code());
    }
}
