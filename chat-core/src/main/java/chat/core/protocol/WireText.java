package chat.core.protocol;

import java.util.Optional;

/**
 * The text the server accepts in a string field, and how it quotes a client's text back to it.
 *
 * <p>Accepted text is I-JSON text (RFC 7493): no unpaired UTF-16 surrogate and no Unicode
 * noncharacter, so every string the server holds encodes to valid UTF-8 on every container
 * (Tyrus' encoder throws an {@link Error} on a lone surrogate, Tomcat fails the send). It also has no
 * C0 control character other than tab, line feed and carriage return: those have no place in chat
 * text, and each would cost six bytes ({@code \u0001}) in every frame that carries it.
 *
 * <p>Checked where text enters: the codec rejects client frames and relayed messages that break
 * the rules, so nothing downstream ever sees such a string.
 */
public final class WireText {
    private WireText() {
    }

    /** What is wrong with {@code text}, in words a client can act on, or empty when it is acceptable. */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    return Optional.of("control character " + codeUnit(c) + " at index " + i);
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return Optional.of("unpaired surrogate " + codeUnit(c) + " at index " + i);
                }
                int codePoint = Character.toCodePoint(c, text.charAt(i + 1));
                if ((codePoint & 0xFFFE) == 0xFFFE) {
                    return Optional.of("noncharacter U+" + Integer.toHexString(codePoint).toUpperCase() + " at index " + i);
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return Optional.of("unpaired surrogate " + codeUnit(c) + " at index " + i);
            } else if (c >= 0xFDD0 && (c <= 0xFDEF || c >= 0xFFFE)) {
                return Optional.of("noncharacter " + codeUnit(c) + " at index " + i);
            }
        }
        return Optional.empty();
    }

    /** True when {@link #problem} finds nothing. */
    public static boolean isAcceptable(String text) {
        return problem(text).isEmpty();
    }

    /**
     * An application's text (a refusal's reason) to show a client: as it is when it is acceptable
     * and at most {@code maxChars} long, else {@link #quote quoted}.
     */
    public static String shown(String text, int maxChars) {
        return text.length() <= maxChars && isAcceptable(text) ? text : quote(text, maxChars);
    }

    /**
     * A client's text to quote in an answer: at most {@code maxChars} of it, printable ASCII kept,
     * anything else written as a {@code \}{@code uXXXX} escape, so the answer is valid, readable
     * UTF-8 whatever the client sent.
     */
    public static String quote(String text, int maxChars) {
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        int end = Math.min(text.length(), maxChars);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                quoted.append(c);
            } else {
                quoted.append(codeUnit(c).replace("U+", "\\u"));
            }
        }
        if (text.length() > maxChars) {
            quoted.append("...");
        }
        return quoted.toString();
    }

    private static String codeUnit(char c) {
        return String.format("U+%04X", (int) c);
    }
}
