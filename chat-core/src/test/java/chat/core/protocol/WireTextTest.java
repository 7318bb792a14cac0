package chat.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WireTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "hi", "tab\there", "lines\r\nand\nmore", "caf\u00e9 \u20ac \u4e2d", "\ud83d\ude00 emoji",
            "\u007f and \u0085 are not C0", "\ufffd replacement"})
    void chatTextIsAcceptable(String text) {
        assertTrue(WireText.isAcceptable(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "\ud800 x", "x \udc00", "\udc00\ud800", "\ud83d", "a\ud83db"})
    void unpairedSurrogatesAreNot(String text) {
        assertTrue(WireText.problem(text).orElseThrow().startsWith("unpaired surrogate U+D"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "bell \u0007", "esc \u001b[2J", "\u0001"})
    void controlCharactersOtherThanTabAndNewlinesAreNot(String text) {
        assertTrue(WireText.problem(text).orElseThrow().startsWith("control character U+00"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ufffe", "\uffff", "\ufdd0", "\ufdef", "\ud83f\udffe", "\udbff\udfff"})
    void noncharactersAreNot(String text) {
        assertTrue(WireText.problem(text).orElseThrow().startsWith("noncharacter U+"), text);
    }

    @Test
    void theProblemSaysWhere() {
        assertEquals("unpaired surrogate U+D800 at index 3", WireText.problem("abc\ud800").orElseThrow());
    }

    @Test
    void quotingKeepsPrintableAsciiAndEscapesTheRest() {
        assertEquals("a\\uD800b\\u0001c\\u00E9", WireText.quote("a\ud800b\u0001c\u00e9", 32));
    }

    @Test
    void quotingCutsLongTextAtTheLimit() {
        assertEquals("abc...", WireText.quote("abcdef", 3));
        assertFalse(WireText.quote("x".repeat(100), 32).length() > 35);
    }
}
