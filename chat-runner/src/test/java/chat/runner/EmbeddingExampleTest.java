package chat.runner;

import chat.core.hooks.ChatObserver;
import chat.core.hooks.TalkVerdict;
import chat.core.protocol.ChatMessage;
import chat.endpoint.contract.TestClient;
import chat.endpoint.contract.TestClients;
import chat.redis.Brokers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md's example of an application that embeds the server, compiled and run here: the code
 * between the markers below is the README's, line for line.
 */
class EmbeddingExampleTest {
    private static final Path README = Path.of("..", "README.md");

    /** The application of the README, with its environment. */
    static ChatServer startApplication(Map<String, String> env, BlockingQueue<ChatMessage> archive) throws IOException {
        // README example begin
        ServerConfig config = ServerConfig.fromEnv(env); // SERVER_PORT, REDIS_URL, ROOM_ACCESS, ...
        config = config.withHooks(config.hooks()
                .withTalkFilter(talk -> CompletableFuture.completedFuture(talk.message().contains("http://")
                        ? TalkVerdict.reject("links are not allowed here")
                        : TalkVerdict.replace(talk.message().replace("darn", "d**n"))))
                .withObserver(activity -> {
                    if (activity instanceof ChatObserver.Posted posted) {
                        archive.offer(posted.message()); // numbered: seq, roomId, userId, message, ts
                    }
                }));
        ChatServer server = ChatServer.start(config, Brokers.of(config.redis(), config.instanceId(), config.history()));
        // README example end
        return server;
    }

    @Test
    void theReadmesEmbeddingExampleFiltersTalksAndArchivesThemNumbered() throws Exception {
        BlockingQueue<ChatMessage> archive = new LinkedBlockingQueue<>();
        try (ChatServer server = startApplication(Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", "0",
                "METRICS_PORT", "0"), archive); TestClients clients = new TestClients()) {
            TestClient alice = clients.connect(server.chatUri(), "alice");
            alice.enter("lobby");
            alice.expect("ENTER", "lobby", "alice");
            alice.talk("lobby", "see http://spam.example");
            assertEquals("links are not allowed here", alice.expectError("REJECTED").path("message").asText());
            alice.talk("lobby", "darn it");
            assertEquals("d**n it", alice.expect("TALK", "lobby", "alice").path("message").asText());
            ChatMessage archived = archive.poll(5, TimeUnit.SECONDS);
            assertNotNull(archived, "nothing archived");
            assertEquals(1, archived.seq());
            assertEquals("d**n it", archived.message());
        }
    }

    @Test
    void theReadmeShowsExactlyThisCode() throws IOException {
        String source = Files.readString(Path.of("src", "test", "java", "chat", "runner", "EmbeddingExampleTest.java"));
        String example = between(source, "// README example begin\n", "// README example end").stripIndent();
        String readme = Files.readString(README);
        assertTrue(readme.contains(example), "README.md lacks the example as compiled here:\n" + example);
    }

    private static String between(String text, String begin, String end) {
        int from = text.indexOf(begin) + begin.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
