package chat.runner.attack;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * UTF-8 decoding that refuses what is not UTF-8 (malformed bytes, encoded surrogates, overlong
 * forms) instead of replacing it, as RFC 6455 requires of a text frame's receiver.
 */
final class StrictUtf8 {
    private StrictUtf8() {
    }

    /** The text of {@code bytes}; throws naming the offending bytes when they are not valid UTF-8. */
    static String decode(byte[] bytes) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            CharBuffer out = decoder.decode(in);
            return out.toString();
        } catch (CharacterCodingException e) {
            int at = in.position();
            throw new CharacterCodingException() {
                @Override
                public String getMessage() {
                    return "not valid UTF-8 at byte " + at + " of " + bytes.length + ": "
                            + HexFormat.ofDelimiter(" ").formatHex(bytes, Math.max(0, at - 8), Math.min(bytes.length, at + 8));
                }
            };
        }
    }
}
