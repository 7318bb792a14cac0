package chat.runner;

import chat.endpoint.contract.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The runner writes every session's frames straight to its socket, framed once per message, and
 * clients read them as Tyrus' own: payloads whose lengths take each of the frame header's sizes,
 * text in every UTF-8 width, to every member.
 */
class DirectFrameTransportTest {
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
