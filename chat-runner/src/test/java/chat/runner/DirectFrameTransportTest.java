package chat.runner;

import chat.endpoint.contract.TestClient;
import chat.endpoint.contract.RawWebSocket;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runner writes every session's frames straight to its socket, framed once per message, and
 * clients read them as Tyrus' own: payloads whose lengths take each of the frame header's sizes,
 * text in every UTF-8 width, to every member.
 */
class DirectFrameTransportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    final ChatServers servers = new ChatServers();

    @Test
    void everySessionIsWrittenDirectlyAndEveryMemberReadsEachFrameWhole() throws IOException {
        talkInAllSizes(servers.start(ChatServers.loopback().withLimits(ChatServers.floodControlOff())));
    }

    @Test
    void withWorkerThreadsTooEverySessionIsWrittenDirectly() throws IOException {
        talkInAllSizes(servers.start(ChatServers.loopback().withLimits(ChatServers.floodControlOff())
                .withWorkerThreads(2)));
    }

    @Test
    void aReaderThatFellBehindGetsWhatQueuedInFewerWritesEachFrameWholeAndInOrder() throws IOException {
        ChatServer server = servers.start(ChatServers.loopback().withLimits(ChatServers.floodControlOff()
                .withOutboundQueueFrames(8_192).withOutboundQueueBytes(32 * 1024 * 1024).withSendTimeoutMillis(120_000)));
        TestClient talker = servers.connect(server, "talker");
        talker.enter("r");
        talker.expect("ENTER", "r", "talker");
        try (RawWebSocket behind = RawWebSocket.connect(server.port(), "/ws/chat?userId=behind", 4096)) {
            behind.sendText("{\"type\":\"ENTER\",\"roomId\":\"r\"}");
            talker.expect("ENTER", "r", "behind");
            int talks = 6_000;
            String text = "x".repeat(2_000); // 12 MB in all: more than loopback's socket buffers hold unread
            for (int i = 0; i < talks; i++) {
                talker.talk("r", i + " " + text);
            }
            for (int i = 0; i < talks; i++) {
                talker.expect("TALK", "r", "talker");
            }
            JsonNode enter = JSON.readTree(behind.readFrame().text());
            assertEquals("ENTER", enter.path("type").asText());
            for (int i = 0; i < talks; i++) {
                JsonNode talk = JSON.readTree(behind.readFrame().text());
                assertEquals(i + " " + text, talk.path("message").asText(), "TALK " + i);
            }
        }
        assertTrue(server.framesWrittenTogether() > 0, "no write carried more than one frame");
    }

    private void talkInAllSizes(ChatServer server) {
        List<String> names = List.of("ana", "bo", "cy");
        List<TestClient> members = names.stream().map(name -> servers.connect(server, name)).toList();
        for (int i = 0; i < members.size(); i++) {
            members.get(i).enter("r");
            for (TestClient seated : members.subList(0, i + 1)) {
                seated.expect("ENTER", "r", names.get(i));
            }
        }
        assertEquals(3, server.directSessions(), "sessions opened with the direct transport");

        // payload lengths in the header's 7 bits and in its 16 bits, text of one to four UTF-8 bytes a
        // character; HISTORY pages past 64 KiB (WriteQueueBoundTest) take its 64 bits
        List<String> texts = List.of("hi", "é€😀".repeat(40), "x".repeat(125), "語".repeat(8_000));
        for (String text : texts) {
            members.get(0).talk("r", text);
            for (TestClient member : members) {
                JsonNode talk = member.expect("TALK", "r", "ana");
                assertEquals(text, talk.path("message").asText(), "what " + member + " read");
            }
        }
    }
}
