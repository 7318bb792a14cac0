package chat.runner;

import chat.config.ConfigException;
import chat.endpoint.contract.TestClient;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ROOM_ACCESS} on the packaged server, set the way an operator sets it: a real HTTP callback
 * server that allows, refuses, fails and times out, signed tokens with a {@code rooms} claim, and
 * real WebSocket clients. A refused client learns nothing about the room; the next frame it gets
 * after the refusal is the answer to its next command.
 */
class RoomAccessTest {
    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private HttpServer callback;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopWaiting = new CountDownLatch(1);

    @BeforeEach
    void startCallback() throws IOException {
        callback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        callback.setExecutor(Executors.newCachedThreadPool());
        callback.createContext("/access", this::decide);
        callback.start();
    }

    @AfterEach
    void stopCallback() {
        stopWaiting.countDown();
        callback.stop(0);
    }

    /** The application's rule: mallory may not access "board"; "broken" fails; "slow" never answers in time. */
    private void decide(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        String user = request.path("userId").asText();
        String room = request.path("roomId").asText();
        asked.add(user + ":" + room + ":" + request.path("action").asText());
        switch (room) {
            case "broken" -> answer(exchange, 503, "{}");
            case "slow" -> {
                try {
                    stopWaiting.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(exchange, 200, "{\"allow\":true}");
            }
            default -> answer(exchange, 200, room.equals("board") && user.equals("mallory")
                    ? "{\"allow\":false,\"reason\":\"board members only\"}" : "{\"allow\":true}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private ChatServer start(Map<String, String> env) throws IOException {
        return servers.start(ServerConfig.fromEnv(env).withHost("127.0.0.1").withPort(0).withMetricsPort(0));
    }

    /** The callback with the default timeout (1 s: ample for the frames a test awaits meanwhile). */
    private Map<String, String> callbackEnv(int cacheSeconds) {
        return Map.of("ROOM_ACCESS", "callback",
                "ROOM_ACCESS_URL", "http://127.0.0.1:" + callback.getAddress().getPort() + "/access",
                "ROOM_ACCESS_CACHE_SECONDS", String.valueOf(cacheSeconds));
    }

    @Test
    void theCallbackAllowsAndRefusesAndARefusedResumeRevealsNothing() throws IOException {
        ChatServer server = start(callbackEnv(0));
        TestClient alice = servers.connect(server, "alice");
        alice.enter("board");
        alice.expect("ENTER", "board", "alice");
        alice.talk("board", "the plan");
        alice.expect("TALK", "board", "alice");

        TestClient mallory = servers.connect(server, "mallory");
        mallory.send("{\"type\":\"ENTER\",\"roomId\":\"board\",\"lastSeq\":0}");
        JsonNode refused = mallory.expectError("FORBIDDEN");
        assertEquals("board", refused.path("roomId").asText());
        assertEquals("board members only", refused.path("message").asText());
        mallory.send("{\"type\":\"HISTORY\",\"roomId\":\"board\"}");
        assertEquals("board members only", mallory.expectError("FORBIDDEN").path("message").asText());
        mallory.enter("lobby");
        mallory.expect("ENTER", "lobby", "mallory"); // nothing of the board came before it

        alice.talk("board", "still private");
        alice.expect("TALK", "board", "alice");
        assertEquals(0, mallory.pending(), "mallory got nothing of the board");
        assertTrue(asked.containsAll(List.of("alice:board:ENTER", "mallory:board:ENTER", "mallory:board:HISTORY",
                "mallory:lobby:ENTER")), "asked: " + asked);
    }

    @Test
    void aCallbackThatFailsOrDoesNotAnswerInTimeIsUnavailableAndOtherRoomsGoOn() throws IOException {
        ChatServer server = start(callbackEnv(30));
        TestClient alice = servers.connect(server, "alice");
        TestClient bob = servers.connect(server, "bob");
        alice.enter("lobby");
        alice.expect("ENTER", "lobby", "alice");
        bob.enter("lobby");
        bob.expect("ENTER", "lobby", "bob");
        alice.expect("ENTER", "lobby", "bob");

        alice.enter("broken");
        assertTrue(alice.expectError("UNAVAILABLE").path("message").asText().contains("HTTP 503"));
        alice.enter("slow");
        bob.talk("lobby", "while alice waits");
        bob.expect("TALK", "lobby", "bob");
        alice.expect("TALK", "lobby", "bob"); // her pending decision does not hold her other rooms
        JsonNode timedOut = alice.expectError("UNAVAILABLE");
        assertTrue(timedOut.path("message").asText().contains("did not answer within 1000 ms"), timedOut.toString());
        assertEquals("slow", timedOut.path("roomId").asText());

        alice.enter("broken"); // an unavailable decision is not remembered: asked again
        alice.expectError("UNAVAILABLE");
        assertEquals(2, asked.stream().filter("alice:broken:ENTER"::equals).count(), "asked: " + asked);
    }

    @Test
    void anAllowIsRememberedForTheCacheTime() throws IOException {
        ChatServer server = start(callbackEnv(30));
        TestClient alice = servers.connect(server, "alice");
        for (int i = 0; i < 3; i++) {
            alice.enter("team");
            alice.expect("ENTER", "team", "alice");
            alice.send("{\"type\":\"LEAVE\",\"roomId\":\"team\"}");
        }
        alice.enter("lobby");
        alice.expect("ENTER", "lobby", "alice");
        assertEquals(1, asked.stream().filter("alice:team:ENTER"::equals).count(), "asked: " + asked);
    }

    private static String token(String subject, List<String> rooms) {
        var builder = JWT.create().withSubject(subject).withExpiresAt(Instant.now().plusSeconds(60));
        if (rooms != null) {
            builder.withClaim("rooms", rooms);
        }
        return builder.sign(Algorithm.HMAC256(SECRET));
    }

    private TestClient connectWithToken(ChatServer server, String token) {
        return servers.clients().connectRaw(URI.create(server.chatUri() + "?token=" + token), "token");
    }

    @Test
    void withTokenAccessTheRoomsClaimDecidesAndATokenWithoutItReachesDirectMessagesOnly() throws IOException {
        ChatServer server = start(Map.of("ROOM_ACCESS", "token", "AUTH_SECRET", SECRET));
        TestClient alice = connectWithToken(server, token("alice", List.of("lobby", "team-42:*")));
        alice.enter("team-42:general");
        alice.expect("ENTER", "team-42:general", "alice");
        alice.enter("team-43:general");
        assertEquals("your token does not grant this room", alice.expectError("FORBIDDEN").path("message").asText());

        TestClient bob = connectWithToken(server, token("bob", null));
        bob.enter("lobby");
        bob.expectError("FORBIDDEN");
        bob.enter("dm:alice:bob");
        bob.expect("ENTER", "dm:alice:bob", "bob");
        alice.enter("dm:alice:bob");
        alice.expect("ENTER", "dm:alice:bob", "alice");
        alice.talk("dm:alice:bob", "hi bob");
        alice.expect("TALK", "dm:alice:bob", "alice");
        bob.expect("ENTER", "dm:alice:bob", "alice");
        assertEquals("hi bob", bob.expect("TALK", "dm:alice:bob", "alice").path("message").asText());

        TestClient carol = connectWithToken(server, token("carol", List.of("*")));
        carol.send("{\"type\":\"ENTER\",\"roomId\":\"dm:alice:bob\",\"lastSeq\":0}");
        assertEquals("dm:alice:bob", carol.expectError("FORBIDDEN").path("roomId").asText());
        carol.enter("anything");
        carol.expect("ENTER", "anything", "carol");
    }

    @Test
    void aTokenWhoseRoomsClaimIsNotAListOfPatternsIsRefusedWith1008() throws IOException {
        ChatServer server = start(Map.of("ROOM_ACCESS", "token", "AUTH_SECRET", SECRET));
        String notAList = JWT.create().withSubject("alice").withExpiresAt(Instant.now().plusSeconds(60))
                .withClaim("rooms", "lobby").sign(Algorithm.HMAC256(SECRET));
        CloseReason closed = connectWithToken(server, notAList).awaitClose();
        assertEquals(1008, closed.getCloseCode().getCode());
        assertTrue(closed.getReasonPhrase().contains("rooms claim"), closed.getReasonPhrase());
        CloseReason badPattern = connectWithToken(server, token("alice", List.of("no spaces"))).awaitClose();
        assertEquals(1008, badPattern.getCloseCode().getCode());
        assertTrue(badPattern.getReasonPhrase().contains("no spaces"), badPattern.getReasonPhrase());
    }

    @Test
    void openAccessStillKeepsDirectMessageRoomsPrivate() throws IOException {
        ChatServer server = servers.start(ChatServers.loopback());
        TestClient carol = servers.connect(server, "carol");
        carol.enter("dm:alice:bob");
        assertEquals("a direct-message room of two other users", carol.expectError("FORBIDDEN").path("message").asText());
        TestClient alice = servers.connect(server, "alice");
        alice.enter("dm:bob:alice");
        assertTrue(alice.expectError("FORBIDDEN").path("message").asText().endsWith("dm:alice:bob"));
    }

    @Test
    void aModeWithoutWhatItNeedsStopsStartUpNamingIt() {
        assertTrue(assertThrows(ConfigException.class, () -> ServerConfig.fromEnv(Map.of("ROOM_ACCESS", "token")))
                .getMessage().contains("AUTH_SECRET"));
        assertTrue(assertThrows(ConfigException.class, () -> ServerConfig.fromEnv(Map.of("ROOM_ACCESS", "callback")))
                .getMessage().contains("ROOM_ACCESS_URL"));
        assertTrue(assertThrows(ConfigException.class, () -> ServerConfig.fromEnv(Map.of("ROOM_ACCESS", "closed")))
                .getMessage().contains("open, token or callback"));
        Map<String, String> ftp = new HashMap<>(Map.of("ROOM_ACCESS", "callback", "ROOM_ACCESS_URL", "ftp://x/"));
        assertTrue(assertThrows(ConfigException.class, () -> ServerConfig.fromEnv(ftp))
                .getMessage().startsWith("ROOM_ACCESS_URL"));
    }
}
