package chat.core.protocol;

import chat.core.hub.ChatLimits;
import chat.core.testing.RecordingConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatCodecTest {
    private final ChatCodec codec = new ChatCodec();

    private InvalidFrame invalid(String text) {
        return assertInstanceOf(InvalidFrame.class, codec.decodeClient(text), text);
    }

    private ClientCommand command(String text) {
        return assertInstanceOf(ClientCommand.class, codec.decodeClient(text), text);
    }

    // ---- decodeClient: BAD_JSON ----

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{", "{\"type\":", "{'type':'PING'}", "{type:PING}", "\u0000"})
    void textThatIsNotJsonIsBadJson(String text) {
        InvalidFrame frame = invalid(text);
        assertEquals(ErrorCode.BAD_JSON, frame.code());
        assertNull(frame.roomId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"PING\"} x", "{\"type\":\"PING\"}{}", "{\"type\":\"PING\"}]",
            "{\"type\":\"PING\"} 1", "{\"type\":\"PING\"},"})
    void trailingGarbageAfterTheObjectIsBadJson(String text) {
        assertEquals(ErrorCode.BAD_JSON, invalid(text).code());
    }

    @Test
    void trailingWhitespaceAfterTheObjectIsAccepted() {
        assertEquals(ClientCommand.ping(), command("{\"type\":\"PING\"}  \n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"type\":\"PING\"}]", "\"x\"", "1", "true", "null", "", "   "})
    void jsonThatIsNotAnObjectIsBadJson(String text) {
        InvalidFrame frame = invalid(text);
        assertEquals(ErrorCode.BAD_JSON, frame.code());
        assertNull(frame.roomId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "{}", "[\"hi\"]"})
    void messageThatIsNotAStringIsBadJsonNamingTheRoom(String messageJson) {
        InvalidFrame frame = invalid("{\"type\":\"TALK\",\"roomId\":\"room-1\",\"message\":" + messageJson + "}");
        assertEquals(ErrorCode.BAD_JSON, frame.code());
        assertEquals("room-1", frame.roomId());
        assertTrue(frame.reason().contains("message"), frame.reason());
    }

    // ---- decodeClient: BAD_TYPE ----

    @Test
    void missingTypeIsBadType() {
        InvalidFrame frame = invalid("{\"roomId\":\"room-1\"}");
        assertEquals(ErrorCode.BAD_TYPE, frame.code());
        assertNull(frame.roomId());
        assertTrue(frame.reason().contains("type"), frame.reason());
    }

    @Test
    void nullTypeIsBadType() {
        assertEquals(ErrorCode.BAD_TYPE, invalid("{\"type\":null,\"roomId\":\"room-1\"}").code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "{}", "[\"TALK\"]"})
    void typeThatIsNotAStringIsBadType(String typeJson) {
        InvalidFrame frame = invalid("{\"type\":" + typeJson + ",\"roomId\":\"room-1\"}");
        assertEquals(ErrorCode.BAD_TYPE, frame.code());
        assertNull(frame.roomId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CHAT", "", "JOIN", " TALK", "TALK "})
    void unknownTypeIsBadType(String type) {
        InvalidFrame frame = invalid("{\"type\":\"" + type + "\",\"roomId\":\"room-1\"}");
        assertEquals(ErrorCode.BAD_TYPE, frame.code());
        assertNull(frame.roomId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ERROR", "SHUTDOWN", "error", "shutdown"})
    void serverOnlyTypesAreBadTypeFromAClient(String type) {
        assertEquals(ErrorCode.BAD_TYPE, invalid("{\"type\":\"" + type + "\",\"roomId\":\"room-1\"}").code());
    }

    @Test
    void unknownTypeReasonQuotesAtMost32CharactersOfIt() {
        String type = "X".repeat(1_000);
        InvalidFrame frame = invalid("{\"type\":\"" + type + "\"}");
        assertEquals(ErrorCode.BAD_TYPE, frame.code());
        assertFalse(frame.reason().contains("X".repeat(33)), frame.reason());
    }

    // ---- decodeClient: BAD_ROOM ----

    @ParameterizedTest
    @ValueSource(strings = {"ENTER", "TALK", "LEAVE"})
    void missingRoomIsBadRoom(String type) {
        InvalidFrame frame = invalid("{\"type\":\"" + type + "\",\"message\":\"hi\"}");
        assertEquals(ErrorCode.BAD_ROOM, frame.code());
        assertNull(frame.roomId());
        assertTrue(frame.reason().contains("roomId"), frame.reason());
    }

    @Test
    void nullRoomIsBadRoom() {
        assertEquals(ErrorCode.BAD_ROOM, invalid("{\"type\":\"ENTER\",\"roomId\":null}").code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "{}", "[\"room-1\"]"})
    void roomThatIsNotAStringIsBadRoom(String roomJson) {
        InvalidFrame frame = invalid("{\"type\":\"ENTER\",\"roomId\":" + roomJson + "}");
        assertEquals(ErrorCode.BAD_ROOM, frame.code());
        assertNull(frame.roomId());
    }

    @Test
    void emptyRoomIsBadRoom() {
        assertEquals(ErrorCode.BAD_ROOM, invalid("{\"type\":\"ENTER\",\"roomId\":\"\"}").code());
    }

    @Test
    void roomOf129CharactersIsBadRoom() {
        InvalidFrame frame = invalid("{\"type\":\"ENTER\",\"roomId\":\"" + "r".repeat(129) + "\"}");
        assertEquals(ErrorCode.BAD_ROOM, frame.code());
        assertNull(frame.roomId());
        assertTrue(frame.reason().contains("128"), frame.reason());
    }

    @Test
    void roomOf128CharactersIsAccepted() {
        String room = "r".repeat(128);
        assertEquals(ClientCommand.enter(room), command("{\"type\":\"ENTER\",\"roomId\":\"" + room + "\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"room 1", "room/1", "r\u00e9union", "room\\\"1", "room\\n"})
    void roomWithCharactersOutsideTheSetIsBadRoom(String roomJsonText) {
        InvalidFrame frame = invalid("{\"type\":\"TALK\",\"roomId\":\"" + roomJsonText + "\",\"message\":\"hi\"}");
        assertEquals(ErrorCode.BAD_ROOM, frame.code());
        assertNull(frame.roomId());
    }

    @Test
    void badRoomReasonQuotesAtMost32CharactersOfTheRoom() {
        InvalidFrame frame = invalid("{\"type\":\"ENTER\",\"roomId\":\"" + "r".repeat(5_000) + "\"}");
        assertEquals(ErrorCode.BAD_ROOM, frame.code());
        assertFalse(frame.reason().contains("r".repeat(33)), frame.reason());
    }

    // ---- decodeClient: valid commands ----

    @Test
    void talkDecodesTypeRoomAndMessage() {
        assertEquals(ClientCommand.talk("room-1", "hi"),
                command("{\"type\":\"TALK\",\"roomId\":\"room-1\",\"message\":\"hi\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"enter", "Enter", "eNtEr"})
    void typeIsCaseInsensitive(String type) {
        assertEquals(ClientCommand.enter("room-1"), command("{\"type\":\"" + type + "\",\"roomId\":\"room-1\"}"));
    }

    @Test
    void missingMessageDefaultsToEmpty() {
        assertEquals("", command("{\"type\":\"TALK\",\"roomId\":\"room-1\"}").message());
    }

    @Test
    void nullMessageDefaultsToEmpty() {
        assertEquals("", command("{\"type\":\"TALK\",\"roomId\":\"room-1\",\"message\":null}").message());
    }

    @Test
    void userIdFieldIsIgnored() {
        ClientCommand command = command(
                "{\"type\":\"TALK\",\"roomId\":\"room-1\",\"message\":\"hi\",\"userId\":\"mallory\"}");
        assertEquals(ClientCommand.talk("room-1", "hi"), command);
    }

    @Test
    void userIdFieldOfAnyJsonTypeIsIgnored() {
        assertEquals(ClientCommand.talk("room-1", "hi"),
                command("{\"userId\":{\"x\":1},\"type\":\"TALK\",\"roomId\":\"room-1\",\"message\":\"hi\"}"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertEquals(ClientCommand.leave("room-1"),
                command("{\"type\":\"LEAVE\",\"roomId\":\"room-1\",\"extra\":[1,2,{\"a\":null}],\"n\":3}"));
    }

    @Test
    void pingNeedsNoRoom() {
        assertEquals(ClientCommand.ping(), command("{\"type\":\"PING\"}"));
    }

    @Test
    void lowercasePingIsAccepted() {
        assertEquals(ClientCommand.ping(), command("{\"type\":\"ping\"}"));
    }

    @Test
    void overlongMessageIsLeftToTheHub() {
        String message = "m".repeat(ChatLimits.DEFAULT_MAX_MESSAGE_CHARS + 1);
        assertEquals(message, command("{\"type\":\"TALK\",\"roomId\":\"room-1\",\"message\":\"" + message + "\"}")
                .message());
    }

    @Test
    void escapedUnicodeInMessageIsDecoded() {
        assertEquals("caf\u00e9 \uD83D\uDE00 \"q\"",
                command("{\"type\":\"TALK\",\"roomId\":\"room-1\",\"message\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\"\"}")
                        .message());
    }

    // ---- encode ----

    @Test
    void chatMessageEncodesToExactJson() {
        ChatMessage message = new ChatMessage(MessageType.TALK, "room-1", "alice", "hi", 1_764_100_000_000L);
        assertEquals("{\"type\":\"TALK\",\"roomId\":\"room-1\",\"userId\":\"alice\",\"message\":\"hi\",\"ts\":1764100000000}",
                codec.encode(message));
    }

    @Test
    void enterWithEmptyMessageEncodesToExactJson() {
        ChatMessage message = new ChatMessage(MessageType.ENTER, "room-1", "bob", "", 42L);
        assertEquals("{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"userId\":\"bob\",\"message\":\"\",\"ts\":42}",
                codec.encode(message));
    }

    @Test
    void errorFrameWithRoomEncodesToExactJson() {
        ErrorFrame error = new ErrorFrame(ErrorCode.NOT_IN_ROOM, "ENTER the room before you TALK in it", "room-1");
        assertEquals("{\"type\":\"ERROR\",\"code\":\"NOT_IN_ROOM\",\"message\":\"ENTER the room before you TALK in it\","
                + "\"roomId\":\"room-1\"}", codec.encode(error));
    }

    @Test
    void errorFrameWithoutRoomHasNoRoomField() {
        ErrorFrame error = new ErrorFrame(ErrorCode.BAD_JSON, "frame is not valid JSON", null);
        assertEquals("{\"type\":\"ERROR\",\"code\":\"BAD_JSON\",\"message\":\"frame is not valid JSON\"}",
                codec.encode(error));
    }

    @Test
    void shutdownNoticeEncodesToExactJson() {
        assertEquals("{\"type\":\"SHUTDOWN\",\"message\":\"server is restarting, please reconnect\"}",
                codec.encode(new ShutdownNotice(ShutdownNotice.DEFAULT_MESSAGE)));
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        ChatMessage message = new ChatMessage(MessageType.TALK, "room-1", "alice", "say \"hi\" \\o/", 1L);
        String json = codec.encode(message);
        assertTrue(json.contains("\"message\":\"say \\\"hi\\\" \\\\o/\""), json);
        assertEquals("say \"hi\" \\o/", RecordingConnection.parse(json).get("message").textValue());
    }

    @Test
    void controlCharactersAreEscaped() {
        String text = "line1\nline2\ttab\u0001\u001f\r";
        String json = codec.encode(new ChatMessage(MessageType.TALK, "room-1", "alice", text, 1L));
        for (char c : json.toCharArray()) {
            assertTrue(c >= 0x20, () -> "raw control character " + (int) c + " in " + json);
        }
        assertEquals(text, RecordingConnection.parse(json).get("message").textValue());
    }

    @Test
    void unicodeSurvivesEncodingAsTheSameText() {
        String text = "gr\u00fc\u00dfe \u4f60\u597d \uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD \u2028";
        String json = codec.encode(new ChatMessage(MessageType.TALK, "room-1", "alice", text, 1L));
        assertEquals(text, RecordingConnection.parse(json).get("message").textValue());
    }

    @Test
    void encodeFrameCarriesTheFrameAndItsJson() {
        ShutdownNotice notice = new ShutdownNotice("bye");
        EncodedFrame frame = codec.encodeFrame(notice);
        assertSame(notice, frame.frame());
        assertEquals(codec.encode(notice), frame.json());
    }

    // ---- decodeMessage ----

    @Test
    void aTalkOfTheServerItselfIsRelayedButNoOtherMessageOfTheReservedUser() {
        ChatMessage notice = new ChatMessage(MessageType.TALK, "lobby", "SYSTEM", "maintenance at 22:00", 7L).withSeq(3);
        assertEquals(notice, codec.decodeMessage(codec.encode(notice)));
        ChatMessage enter = new ChatMessage(MessageType.ENTER, "lobby", "SYSTEM", "", 7L);
        assertThrows(IllegalArgumentException.class, () -> codec.decodeMessage(codec.encode(enter)));
    }

    @Test
    void decodeMessageRoundTripsEncode() {
        ChatMessage message = new ChatMessage(MessageType.LEAVE, "a_b.c:d-e@f", "bob",
                "\"quoted\" \\ caf\u00e9 \uD83D\uDE00\n", Long.MAX_VALUE);
        assertEquals(message, codec.decodeMessage(codec.encode(message)));
    }

    @Test
    void decodeMessageRoundTripsEveryRoomTrafficType() {
        for (MessageType type : new MessageType[] {MessageType.ENTER, MessageType.TALK, MessageType.LEAVE}) {
            ChatMessage message = new ChatMessage(type, "room-1", "alice", "m", 7L);
            assertEquals(message, codec.decodeMessage(codec.encode(message)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[]",
            "{\"type\":\"TALK\",\"roomId\":\"room-1\",\"userId\":\"alice\",\"message\":\"hi\"}",
            "{\"type\":\"TALK\",\"roomId\":\"room-1\",\"userId\":\"alice\",\"message\":\"hi\",\"ts\":\"1\"}",
            "{\"type\":\"ERROR\",\"roomId\":\"room-1\",\"userId\":\"alice\",\"message\":\"hi\",\"ts\":1}",
            "{\"type\":\"NOPE\",\"roomId\":\"room-1\",\"userId\":\"alice\",\"message\":\"hi\",\"ts\":1}",
            "{\"type\":\"TALK\",\"roomId\":\"room 1\",\"userId\":\"alice\",\"message\":\"hi\",\"ts\":1}",
            "{\"type\":\"TALK\",\"roomId\":\"room-1\",\"message\":\"hi\",\"ts\":1}",
            "{\"type\":\"TALK\",\"roomId\":\"room-1\",\"userId\":\"alice\",\"ts\":1}",
            "{\"roomId\":\"room-1\",\"userId\":\"alice\",\"message\":\"hi\",\"ts\":1}"})
    void decodeMessageRejectsWhatIsNotAChatMessage(String json) {
        assertThrows(IllegalArgumentException.class, () -> codec.decodeMessage(json));
    }

    @Test
    void decodedFrameJsonHasNoUnexpectedFields() {
        JsonNode node = RecordingConnection.parse(codec.encode(
                new ChatMessage(MessageType.TALK, "room-1", "alice", "hi", 5L)));
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertEquals(java.util.List.of("type", "roomId", "userId", "message", "ts"), names);
    }

    // ---- history fields ----

    @Test
    void enterMayCarryALastSeq() {
        assertEquals(ClientCommand.resume("room-1", 42), command("{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":42}"));
        assertEquals(ClientCommand.enter("room-1"), command("{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":null}"));
        assertEquals(ClientCommand.resume("room-1", 0), command("{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":0}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "\"7\"", "true", "9007199254740992", "1e400", "[]"})
    void aLastSeqThatIsNotASafeNonNegativeIntegerIsBadJson(String value) {
        InvalidFrame frame = invalid("{\"type\":\"ENTER\",\"roomId\":\"room-1\",\"lastSeq\":" + value + "}");
        assertEquals(ErrorCode.BAD_JSON, frame.code());
        assertEquals("room-1", frame.roomId());
        assertTrue(frame.reason().contains("lastSeq"), frame.reason());
    }

    @Test
    void historyRequestsHaveDefaultsAndBounds() {
        assertEquals(new HistoryRequest("room-1", Long.MAX_VALUE, HistoryRequest.DEFAULT_LIMIT),
                codec.decodeClient("{\"type\":\"history\",\"roomId\":\"room-1\"}"));
        assertEquals(new HistoryRequest("room-1", 7, 100),
                codec.decodeClient("{\"type\":\"HISTORY\",\"roomId\":\"room-1\",\"beforeSeq\":7,\"limit\":100}"));
        assertEquals(ErrorCode.BAD_JSON, invalid("{\"type\":\"HISTORY\",\"roomId\":\"room-1\",\"limit\":101}").code());
        assertEquals(ErrorCode.BAD_JSON, invalid("{\"type\":\"HISTORY\",\"roomId\":\"room-1\",\"beforeSeq\":0}").code());
        assertEquals(ErrorCode.BAD_ROOM, invalid("{\"type\":\"HISTORY\"}").code());
    }

    @Test
    void talksWithASeqEncodeItLastAndDecodeItBack() {
        ChatMessage talk = new ChatMessage(MessageType.TALK, "room-1", "ann", "hi", 5L, 12);
        String json = codec.encode(talk);
        assertTrue(json.endsWith(",\"seq\":12}"), json);
        assertEquals(talk, codec.decodeMessage(json));
        ChatMessage enter = new ChatMessage(MessageType.ENTER, "room-1", "ann", "", 5L);
        assertFalse(codec.encode(enter).contains("seq"));
        assertEquals(enter, codec.decodeMessage(codec.encode(enter)));
    }

    @Test
    void resyncAndHistoryFramesHaveTheirWireShape() {
        assertEquals("{\"type\":\"RESYNC\",\"roomId\":\"r\",\"lastSeq\":3,\"firstSeq\":9,\"message\":\"gone\"}",
                codec.encode(new ResyncNotice("r", 3, 9, "gone")));
        ChatMessage talk = new ChatMessage(MessageType.TALK, "r", "ann", "<b>", 5L, 8);
        assertEquals("{\"type\":\"HISTORY\",\"roomId\":\"r\",\"messages\":[{\"type\":\"TALK\",\"roomId\":\"r\","
                + "\"userId\":\"ann\",\"message\":\"<b>\",\"ts\":5,\"seq\":8}],\"more\":true}",
                codec.encode(new HistoryPage("r", java.util.List.of(talk), true)));
    }

    // ---- text the server could not encode: refused where it enters ----

    @ParameterizedTest
    @ValueSource(strings = {"\\ud800 x", "\\udc00", "\\udc00\\ud800", "ok \\u0001", "\\ufffe"})
    void aMessageThatIsNotAcceptableTextIsBadJsonNamingTheRoom(String escapedMessage) {
        InvalidFrame frame = invalid("{\"type\":\"TALK\",\"roomId\":\"r\",\"message\":\"" + escapedMessage + "\"}");
        assertEquals(ErrorCode.BAD_JSON, frame.code());
        assertEquals("r", frame.roomId());
        assertTrue(WireText.isAcceptable(frame.reason()), frame.reason());
    }

    @Test
    void aRoomIdWithALoneSurrogateIsBadRoomAndTheAnswerQuotesItPrintably() {
        InvalidFrame frame = invalid("{\"type\":\"ENTER\",\"roomId\":\"r\\ud800\"}");
        assertEquals(ErrorCode.BAD_ROOM, frame.code());
        assertTrue(frame.reason().contains("r\\uD800"), frame.reason());
        assertTrue(codec.encode(frame.toErrorFrame()).chars().allMatch(c -> c < 0x80));
    }

    @Test
    void aTypeWithALoneSurrogateIsBadTypeAndTheAnswerQuotesItPrintably() {
        InvalidFrame frame = invalid("{\"type\":\"TALK\\udfff\",\"roomId\":\"r\"}");
        assertEquals(ErrorCode.BAD_TYPE, frame.code());
        assertTrue(codec.encode(frame.toErrorFrame()).chars().allMatch(c -> c < 0x80));
    }

    @Test
    void nestingDeeperThanAnyFrameNeedsIsBadJson() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        assertEquals(ErrorCode.BAD_JSON, invalid("{\"type\":\"PING\",\"x\":" + deep + "}").code());
        assertEquals(ClientCommand.ping(), command("{\"type\":\"PING\",\"x\":[[[[{\"a\":[1]}]]]]}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"TALK\",\"roomId\":\"r\",\"userId\":\"a\",\"message\":\"\\ud800\",\"ts\":1,\"seq\":1}",
            "{\"type\":\"TALK\",\"roomId\":\"r\",\"userId\":\"a b\",\"message\":\"x\",\"ts\":1,\"seq\":1}",
            "{\"type\":\"TALK\",\"roomId\":\"r\",\"userId\":\"a\",\"message\":\"x\",\"ts\":1,\"seq\":0}",
            "{\"type\":\"TALK\",\"roomId\":\"r\",\"userId\":\"a\",\"message\":\"x\",\"ts\":1,\"seq\":9007199254740992}",
            "{\"type\":\"TALK\",\"roomId\":\"r\",\"userId\":\"a\",\"message\":\"x\",\"ts\":1.5,\"seq\":1}",
            "{\"type\":\"TALK\",\"roomId\":\"r\",\"userId\":\"a\",\"message\":\"x\",\"ts\":-1,\"seq\":1}",
            "{\"type\":\"ENTER\",\"roomId\":\"r\",\"userId\":\"a\",\"message\":\"\",\"ts\":1,\"seq\":3}",
            "{\"type\":\"RESYNC\",\"roomId\":\"r\",\"userId\":\"a\",\"message\":\"\",\"ts\":1}"})
    void aRelayedMessageThatNoHubWouldPublishIsRefused(String json) {
        assertThrows(IllegalArgumentException.class, () -> codec.decodeMessage(json));
    }

    @Test
    void aRelayedMessageLongerThanAnyFrameIsRefusedBeforeParsing() {
        String huge = "{\"type\":\"TALK\",\"roomId\":\"r\",\"userId\":\"a\",\"message\":\"" + "x".repeat(300_000)
                + "\",\"ts\":1,\"seq\":1}";
        assertThrows(IllegalArgumentException.class, () -> codec.decodeMessage(huge));
    }
}
