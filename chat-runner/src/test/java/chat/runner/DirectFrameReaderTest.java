package chat.runner;

import chat.endpoint.contract.RawWebSocket;
import chat.endpoint.contract.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plain text frames and pongs are read past Tyrus, everything else by Tyrus, and a client cannot
 * tell: frames arrive in the order sent whichever of the two read them, wherever the socket's reads
 * cut them, with pings, fragments and bad UTF-8 among them.
 */
class DirectFrameReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEXT = 0x1;
    private static final int CONTINUATION = 0x0;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private static final String ENTER = "{\"type\":\"ENTER\",\"roomId\":\"r\"}";

    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ChatServer server;
    /** A member of room r, through Tyrus' client: what the raw client's commands make it see. */
    private TestClient reader;

    @BeforeEach
    void start() throws IOException {
        server = servers.start(ChatServers.loopback().withLimits(ChatServers.floodControlOff()));
        reader = servers.connect(server, "reader");
        reader.enter("r");
        reader.expect("ENTER", "r", "reader");
    }

    @Test
    void framesSentTogetherAreTakenPastTyrusAndArriveInOrder() throws IOException {
        try (RawWebSocket raw = RawWebSocket.connect(server.port(), "/ws/chat?userId=raw")) {
            long before = server.messagesReadDirectly();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            wire.writeBytes(text(ENTER));
            for (int i = 0; i < 50; i++) {
                wire.writeBytes(text(talk("r", "t" + i + " é€😀")));
            }
            raw.sendBytes(wire.toByteArray());
            reader.expect("ENTER", "r", "raw");
            for (int i = 0; i < 50; i++) {
                assertEquals("t" + i + " é€😀", talkFromRaw());
            }
            assertTrue(server.messagesReadDirectly() - before >= 51,
                    "messages read past Tyrus: " + (server.messagesReadDirectly() - before));
        }
    }

    @Test
    void aPingAmongPlainFramesIsAnsweredAndTheFramesAroundItKeepTheirOrder() throws IOException {
        try (RawWebSocket raw = RawWebSocket.connect(server.port(), "/ws/chat?userId=raw")) {
            raw.sendText(ENTER);
            reader.expect("ENTER", "r", "raw");
            byte[] ping = {1, 2, 3};
            raw.sendBytes(concat(text(talk("r", "a")), RawWebSocket.maskedFrame(true, PING, ping),
                    text(talk("r", "b")), RawWebSocket.maskedFrame(true, PONG, new byte[0]), text(talk("r", "c"))));
            for (String expected : new String[] {"a", "b", "c"}) {
                assertEquals(expected, talkFromRaw());
            }
            RawWebSocket.Frame pong = nextOtherThanText(raw);
            assertEquals(PONG, pong.opcode());
            assertArrayEquals(ping, pong.payload());
            long before = server.messagesReadDirectly();
            raw.sendText(talk("r", "d")); // starts at a frame boundary again: read past Tyrus
            assertEquals("d", talkFromRaw());
            assertTrue(server.messagesReadDirectly() > before, "the read after the ping was not taken directly");
        }
    }

    @Test
    void framesCutByTheReadsAndFragmentedMessagesArriveWholeAndInOrder() throws IOException {
        try (RawWebSocket raw = RawWebSocket.connect(server.port(), "/ws/chat?userId=raw")) {
            byte[] enter = text(ENTER);
            byte[] cut = text(talk("r", "cut in two"));
            // the ENTER and the first half of a TALK in one write: once the ENTER is echoed, the
            // server has read the half that Tyrus now holds
            raw.sendBytes(concat(enter, Arrays.copyOf(cut, 9)));
            reader.expect("ENTER", "r", "raw");
            raw.sendBytes(concat(Arrays.copyOfRange(cut, 9, cut.length), text(talk("r", "after the cut"))));
            assertEquals("cut in two", talkFromRaw());
            assertEquals("after the cut", talkFromRaw());

            byte[] fragmented = talk("r", "in three fragments").getBytes(StandardCharsets.UTF_8);
            raw.sendBytes(RawWebSocket.maskedFrame(false, TEXT, Arrays.copyOf(fragmented, 5)));
            raw.sendBytes(concat(RawWebSocket.maskedFrame(false, CONTINUATION, Arrays.copyOfRange(fragmented, 5, 12)),
                    RawWebSocket.maskedFrame(true, PING, new byte[0])));
            raw.sendBytes(concat(RawWebSocket.maskedFrame(true, CONTINUATION,
                    Arrays.copyOfRange(fragmented, 12, fragmented.length)), text(talk("r", "after the fragments"))));
            assertEquals("in three fragments", talkFromRaw());
            assertEquals("after the fragments", talkFromRaw());
        }
    }

    @Test
    void aReadThatStartsInsideAFrameIsLeftToTyrusEvenWhenItsBytesLookLikeAFrame() throws IOException {
        try (RawWebSocket raw = RawWebSocket.connect(server.port(), "/ws/chat?userId=raw")) {
            // a ping whose payload, from its second byte on, is a whole masked TALK frame; with a zero
            // mask the payload goes on the wire as it is
            byte[] smuggled = text(talk("r", "smuggled"));
            byte[] payload = concat(new byte[] {0}, smuggled);
            byte[] ping = concat(new byte[] {(byte) 0x89, (byte) (0x80 | payload.length), 0, 0, 0, 0}, payload);
            // the ENTER and the ping up to its first payload byte in one write: once the ENTER is echoed,
            // the server has read them, and the next read starts inside the ping's payload
            raw.sendBytes(concat(text(ENTER), Arrays.copyOf(ping, 7)));
            reader.expect("ENTER", "r", "raw");
            raw.sendBytes(Arrays.copyOfRange(ping, 7, ping.length));
            RawWebSocket.Frame pong = nextOtherThanText(raw);
            assertEquals(PONG, pong.opcode());
            assertArrayEquals(payload, pong.payload());
            long before = server.messagesReadDirectly();
            raw.sendText(talk("r", "plain"));
            assertEquals("plain", talkFromRaw(),
                    "the ping's payload was read as a TALK");
            assertTrue(server.messagesReadDirectly() > before, "the read after the ping was not taken directly");
        }
    }

    @Test
    void aFinalTextFrameInsideAFragmentedMessageIsLeftToTyrusWhichClosesWith1002() throws IOException {
        try (RawWebSocket raw = RawWebSocket.connect(server.port(), "/ws/chat?userId=raw")) {
            raw.sendBytes(concat(text(ENTER),
                    RawWebSocket.maskedFrame(false, TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8))));
            reader.expect("ENTER", "r", "raw");
            // a new text message before the fragmented one ended: RFC 6455 5.4 forbids it
            raw.sendBytes(text(talk("r", "inside a fragmented message")));
            assertEquals(1002, raw.readCloseCode());
        }
        assertEquals("LEAVE", reader.next().path("type").asText(), "the text frame was delivered");
    }

    @Test
    void bytesSentWithTheHandshakeRequestAreNoFrameSoTheNextReadIsJudgedFromItsFirstByte() throws IOException {
        // the start of a frame header before the 101: Tyrus drops it, and so must the frame guard
        try (RawWebSocket raw = RawWebSocket.connectSending(server.port(), "/ws/chat?userId=early",
                new byte[] {(byte) 0x81, (byte) 0x86})) {
            raw.sendBytes(new byte[] {(byte) 0x81, 0x02, 'h', 'i'}); // unmasked
            assertEquals(1002, raw.readCloseCode());
        }
    }

    @Test
    void anEncodedSurrogateAfterPlainFramesClosesWith1007OnceThoseFramesWereHandled() throws IOException {
        try (RawWebSocket raw = RawWebSocket.connect(server.port(), "/ws/chat?userId=raw")) {
            raw.sendText(ENTER);
            reader.expect("ENTER", "r", "raw");
            // U+D800 encoded as if it were a character (CESU-8): not UTF-8 (RFC 3629)
            byte[] surrogate = {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
            raw.sendBytes(concat(text(talk("r", "before")), RawWebSocket.maskedFrame(true, TEXT, surrogate),
                    text(talk("r", "never"))));
            assertEquals("before", talkFromRaw());
            assertEquals(1007, raw.readCloseCode());
        }
        JsonNode leave = reader.expect("LEAVE", "r", "raw");
        assertEquals("raw", leave.path("userId").asText(), "the next frame after 'before' is the LEAVE, not 'never'");
    }

    /** The text of the next TALK from the raw client that the reader sees; fails on any other frame. */
    private String talkFromRaw() {
        return reader.expect("TALK", "r", "raw").path("message").asText();
    }

    /** Skips the server's text frames (echoes of the raw client's own commands). */
    private static RawWebSocket.Frame nextOtherThanText(RawWebSocket raw) throws IOException {
        RawWebSocket.Frame frame = raw.readFrame();
        while (frame.opcode() == TEXT) {
            frame = raw.readFrame();
        }
        return frame;
    }

    private static String talk(String room, String message) throws IOException {
        return JSON.writeValueAsString(JSON.createObjectNode().put("type", "TALK").put("roomId", room).put("message", message));
    }

    private static byte[] text(String text) {
        return RawWebSocket.maskedFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
