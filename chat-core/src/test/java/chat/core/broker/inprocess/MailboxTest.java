package chat.core.broker.inprocess;

import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.MessageType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MailboxTest {
    private static ChatMessage talk(String text) {
        return new ChatMessage(MessageType.TALK, "room", "alice", text, 0L);
    }

    private static void add(Mailbox mailbox, ChatMessage message) {
        mailbox.add(message, ChatCodec.encodedBytes(message));
    }

    @Test
    void theFirstAdderDeliversUntilTheMailboxIsEmpty() {
        Mailbox mailbox = new Mailbox(10, 1 << 20);
        ChatMessage first = talk("one");
        ChatMessage second = talk("two");
        assertTrue(mailbox.add(first, ChatCodec.encodedBytes(first)));
        assertFalse(mailbox.add(second, ChatCodec.encodedBytes(second)), "someone is delivering already");
        assertSame(first, mailbox.next());
        assertSame(second, mailbox.next());
        assertTrue(mailbox.draining());
        assertNull(mailbox.next());
        assertFalse(mailbox.draining());
        assertTrue(mailbox.add(first, ChatCodec.encodedBytes(first)), "an empty mailbox has no deliverer");
    }

    @Test
    void anAbandonedMailboxIsDeliveredByTheNextAdder() {
        Mailbox mailbox = new Mailbox(10, 1 << 20);
        assertTrue(mailbox.add(talk("one"), 10));
        mailbox.abandon();
        assertFalse(mailbox.draining());
        assertTrue(mailbox.add(talk("two"), 10));
        assertEquals(2, mailbox.size());
    }

    @Test
    void boundsMessagesAndBytes() {
        ChatMessage message = talk("x");
        int bytes = ChatCodec.encodedBytes(message);
        Mailbox byCount = new Mailbox(2, Long.MAX_VALUE);
        add(byCount, message);
        assertTrue(byCount.fits(bytes));
        add(byCount, message);
        assertFalse(byCount.fits(bytes));

        Mailbox byBytes = new Mailbox(100, 2L * bytes);
        add(byBytes, message);
        assertTrue(byBytes.fits(bytes), "exactly at the byte bound fits");
        assertFalse(byBytes.fits(bytes + 1));
    }

    @Test
    void deliveringAndClearingGiveTheBytesBack() {
        ChatMessage message = talk("hello");
        int bytes = ChatCodec.encodedBytes(message);
        Mailbox mailbox = new Mailbox(10, 2L * bytes);
        add(mailbox, message);
        add(mailbox, message);
        assertEquals(2L * bytes, mailbox.bytes());
        assertFalse(mailbox.fits(1));
        mailbox.next();
        assertEquals(bytes, mailbox.bytes());
        assertTrue(mailbox.fits(bytes));
        mailbox.clear();
        assertEquals(0, mailbox.size());
        assertEquals(0, mailbox.bytes());
        assertTrue(mailbox.draining(), "clearing does not take the deliverer's turn");
    }
}
