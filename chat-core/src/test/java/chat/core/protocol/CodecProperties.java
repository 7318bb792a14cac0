package chat.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of the wire format for generated text, unpaired surrogates, noncharacters and control
 * characters included: whatever a client sends, every frame the server would answer or deliver
 * encodes to valid UTF-8, and what the codec accepts it writes and measures exactly.
 */
class CodecProperties {
    private static final int EXAMPLES = 2_000;

    private final ChatCodec codec = new ChatCodec();

    /** Any UTF-16 text up to 40 code units, weighted towards the troublesome ones. */
    static Gen<String> anyText() {
        Gen<Character> troublesome = Generate.pick(List.of('\ud800', '\udbff', '\udc00', '\udfff', '\u0000', '\u0001',
                '\u001f', '\u007f', '\ufffe', '\uffff', '\ufdd0', '"', '\\', '\n', '\t', '\ud83d', '\ude00'));
        Gen<Character> any = Generate.characters(0, 0xFFFF);
        Gen<Character> printable = Generate.characters(' ', '~');
        Gen<Character> unit = Generate.frequency(Pair.of(3, troublesome), Pair.of(3, any), Pair.of(4, printable));
        return lists().of(unit).ofSizeBetween(0, 40).map(chars -> {
            StringBuilder text = new StringBuilder(chars.size());
            chars.forEach(text::append);
            return text.toString();
        }).describedAs(CodecProperties::codeUnits);
    }

    /** Text the codec accepts: printable ASCII, escapes, any non-surrogate BMP character, surrogate pairs. */
    static Gen<String> acceptableText() {
        Gen<String> unit = Generate.frequency(
                Pair.of(4, Generate.characters(' ', '~').map((Character c) -> String.valueOf(c))),
                Pair.of(2, Generate.pick(List.of("\"", "\\", "\n", "\t", "\r", "\u00e9", "\u20ac", "\ud83d\ude00"))),
                Pair.of(3, Generate.characters(0x80, 0xFFFD).map((Character c) -> String.valueOf(c))),
                Pair.of(1, Generate.range(0x10000, 0x10FFFD).map((Integer cp) -> Character.toString(cp))));
        return lists().of(unit).ofSizeBetween(0, 40).map(parts -> String.join("", parts))
                .assuming(WireText::isAcceptable).describedAs(CodecProperties::codeUnits);
    }

    static String codeUnits(String text) {
        return text.chars().mapToObj(c -> String.format("%04x", c)).toList().toString();
    }

    /** Every code unit as a JSON escape: how a client smuggles a lone surrogate in valid UTF-8. */
    static String escaped(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            json.append(String.format("\\u%04x", (int) text.charAt(i)));
        }
        return json.append('"').toString();
    }

    /** What the hub sends back for a decoded frame: its ERROR, or the room traffic it would deliver. */
    private String answerTo(Inbound frame) {
        if (frame instanceof InvalidFrame invalid) {
            return codec.encode(invalid.toErrorFrame());
        }
        if (frame instanceof ClientCommand command && command.type().isRoomTraffic()) {
            return codec.encode(new ChatMessage(command.type(), command.roomId(), "alice", command.message(), 1L,
                    command.type() == MessageType.TALK ? 1 : ChatMessage.NO_SEQ));
        }
        return "{}";
    }

    static void assertValidUtf8(String json) {
        try {
            StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(json));
        } catch (CharacterCodingException e) {
            throw new AssertionError("not encodable as UTF-8: " + codeUnits(json), e);
        }
    }

    @Test
    void whateverTheMessageEveryAnswerIsValidUtf8() {
        qt().withExamples(EXAMPLES).forAll(anyText()).checkAssert(text -> assertValidUtf8(answerTo(
                codec.decodeClient("{\"type\":\"TALK\",\"roomId\":\"r\",\"message\":" + escaped(text) + "}"))));
    }

    @Test
    void whateverTheRoomIdEveryAnswerIsValidUtf8() {
        qt().withExamples(EXAMPLES).forAll(anyText()).checkAssert(text -> {
            assertValidUtf8(answerTo(codec.decodeClient("{\"type\":\"ENTER\",\"roomId\":" + escaped(text) + "}")));
            assertValidUtf8(answerTo(codec.decodeClient("{\"type\":\"HISTORY\",\"roomId\":" + escaped(text) + "}")));
        });
    }

    @Test
    void whateverTheTypeEveryAnswerIsValidUtf8() {
        qt().withExamples(EXAMPLES).forAll(anyText()).checkAssert(text -> assertValidUtf8(answerTo(
                codec.decodeClient("{\"type\":" + escaped(text) + ",\"roomId\":\"r\"}"))));
    }

    @Test
    void aMessageIsAcceptedExactlyWhenItIsAcceptableText() {
        qt().withExamples(EXAMPLES).forAll(anyText()).checkAssert(text -> {
            Inbound frame = codec.decodeClient("{\"type\":\"TALK\",\"roomId\":\"r\",\"message\":" + escaped(text) + "}");
            if (WireText.isAcceptable(text)) {
                assertEquals(ClientCommand.talk("r", text), frame);
            } else {
                InvalidFrame invalid = (InvalidFrame) frame;
                assertEquals(ErrorCode.BAD_JSON, invalid.code());
                assertEquals("r", invalid.roomId());
            }
        });
    }

    @Test
    void quotingAnyTextGivesPrintableAscii() {
        qt().withExamples(EXAMPLES).forAll(anyText()).checkAssert(text -> {
            String quoted = WireText.quote(text, 32);
            assertTrue(quoted.chars().allMatch(c -> c >= 0x20 && c < 0x7f), quoted);
        });
    }

    @Test
    void encodedBytesIsTheUtf8LengthOfTheEncoding() {
        Gen<Character> idChar = Generate.pick(List.of('a', 'z', 'A', 'Q', '0', '9', '_', '.', '-', '@'));
        Gen<String> userIds = lists().of(idChar).ofSizeBetween(1, 64).map(chars -> {
            StringBuilder id = new StringBuilder();
            chars.forEach(id::append);
            return id.toString();
        });
        qt().withExamples(EXAMPLES).forAll(acceptableText(), userIds, longs().all(), booleans().all())
                .checkAssert((text, userId, ts, talk) -> {
                    ChatMessage message = new ChatMessage(talk ? MessageType.TALK : MessageType.ENTER, "room-1", userId,
                            text, ts, talk ? Math.floorMod(ts, ChatCodec.MAX_SEQ) + 1 : ChatMessage.NO_SEQ);
                    String json = codec.encode(message);
                    assertEquals(new EncodedFrame(message, json).bytes(), ChatCodec.encodedBytes(message), json);
                });
    }

    @Test
    void relayedMessagesRoundTripWhenAcceptableAndAreRefusedOtherwise() {
        qt().withExamples(EXAMPLES).forAll(anyText()).checkAssert(text -> {
            ChatMessage message = new ChatMessage(MessageType.TALK, "room-1", "alice", text, 5L, 7);
            String json = codec.encode(message);
            if (WireText.isAcceptable(text)) {
                assertEquals(message, codec.decodeMessage(json));
            } else {
                assertThrows(IllegalArgumentException.class, () -> codec.decodeMessage(json));
            }
        });
    }

    @Test
    void decodingAnyTextAsAClientFrameNeverThrows() {
        qt().withExamples(EXAMPLES).forAll(anyText()).checkAssert(text -> {
            Inbound frame = codec.decodeClient(text);
            assertValidUtf8(answerTo(frame));
        });
    }

    @Test
    void decodingAnyTextAsARelayedMessageFailsOnlyWithIllegalArgument() {
        qt().withExamples(EXAMPLES).forAll(anyText()).checkAssert(text -> {
            try {
                codec.decodeMessage(text);
            } catch (IllegalArgumentException expected) {
                // not a chat message: the Redis brokers drop it and count it
            }
        });
    }
}
