package chat.redis;

import chat.config.ConfigException;
import chat.endpoint.contract.TestClient;
import chat.runner.ChatServer;
import chat.runner.ChatServers;
import chat.runner.ServerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server API ({@code API_PORT}, {@code API_KEY}) on two instances sharing one real
 * redis-server, through real HTTP requests and real WebSocket clients.
 */
class ServerApiTest {
    private static final String KEY = "an-api-key-long-enough";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.perTest();
    @RegisterExtension
    final ChatServers servers = new ChatServers();

    private RedisServer redis;

    /** An instance with the server API on a free port, on this test's redis-server (started with the first). */
    private ChatServer instance(String id) throws IOException {
        if (redis == null) {
            redis = REDIS.startServer();
        }
        return servers.start(ChatServers.loopback().withInstanceId(id).withLimits(ChatServers.floodControlOff())
                        .withApi(0, KEY),
                new RedisBroker(RedisConfig.fromUrl("redis://127.0.0.1:" + redis.port())
                        .withTimings(Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofMillis(300)), id));
    }

    private static HttpResponse<String> send(ChatServer server, String method, String path, String body, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.apiPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, json(response).path("error").path("code").asText(), response.body());
        assertFalse(json(response).path("error").path("message").asText().isEmpty(), response.body());
    }

    private static String publish(String room, String message, String userId) throws IOException {
        var body = JSON.createObjectNode().put("roomId", room).put("message", message);
        if (userId != null) {
            body.put("userId", userId);
        }
        return JSON.writeValueAsString(body);
    }

    @Test
    void everyRequestNeedsTheKeyAndUnknownPathsAndMethodsAreRefused() throws Exception {
        ChatServer east = instance("east");
        String body = publish("lobby", "hi", null);
        assertError(send(east, "POST", "/api/publish", body, null), 401, "UNAUTHORIZED");
        assertError(send(east, "POST", "/api/publish", body, KEY + "x"), 401, "UNAUTHORIZED");
        assertError(send(east, "GET", "/api/nothing-here", null, null), 401, "UNAUTHORIZED");
        assertError(send(east, "GET", "/api/nothing-here", null, KEY), 404, "NOT_FOUND");
        HttpResponse<String> wrongMethod = send(east, "GET", "/api/publish", null, KEY);
        assertError(wrongMethod, 405, "METHOD_NOT_ALLOWED");
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void badInputIsAnsweredWithTheProtocolsCodes() throws Exception {
        ChatServer east = instance("east");
        assertError(send(east, "POST", "/api/publish", "not json", KEY), 400, "BAD_JSON");
        assertError(send(east, "POST", "/api/publish", "[1]", KEY), 400, "BAD_JSON");
        assertError(send(east, "POST", "/api/publish", "{\"roomId\":\"lobby\",\"message\":7}", KEY), 400, "BAD_JSON");
        assertError(send(east, "POST", "/api/publish", publish("no room", "hi", null), KEY), 400, "BAD_ROOM");
        assertError(send(east, "POST", "/api/publish", publish("lobby", "hi", "not a user"), KEY), 400, "BAD_USER");
        assertError(send(east, "POST", "/api/publish", publish("lobby", "x".repeat(8193), null), KEY), 400,
                "MESSAGE_TOO_LONG");
        assertError(send(east, "POST", "/api/publish", "{\"roomId\":\"lobby\",\"message\":\"\\ud800\"}", KEY), 400,
                "BAD_JSON");
        assertError(send(east, "POST", "/api/publish", publish("lobby", "x".repeat(70_000), null), KEY), 413,
                "BODY_TOO_LARGE");
        assertError(send(east, "GET", "/api/rooms/lobby/history?limit=0", null, KEY), 400, "BAD_JSON");
        assertError(send(east, "GET", "/api/rooms/lobby/history?beforeSeq=x", null, KEY), 400, "BAD_JSON");
        assertError(send(east, "GET", "/api/rooms/a%20b/history", null, KEY), 400, "BAD_ROOM");
        // a malformed escape cannot be sent through java.net.URI; a client that writes it raw gets 400, not 500
        assertTrue(rawGet(east, "/api/rooms/lob%zzby/history").matches("(?s)HTTP/1\\.1 400 .*\"BAD_ROOM\".*"));
        assertTrue(rawGet(east, "/api/rooms/lobby%/history").matches("(?s)HTTP/1\\.1 400 .*\"BAD_ROOM\".*"));
    }

    /** The whole answer to a GET written byte for byte, for request lines java.net.URI refuses. */
    private static String rawGet(ChatServer server, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.apiPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPublishOnOneInstanceReachesMembersOnTheOtherInTheRoomsOrderAmongConcurrentTalks() throws Exception {
        ChatServer east = instance("east");
        ChatServer west = instance("west");
        TestClient alice = servers.clients().connect(east.chatUri(), "alice");
        TestClient bob = servers.clients().connect(west.chatUri(), "bob");
        alice.enter("ops");
        alice.expect("ENTER", "ops", "alice");
        bob.enter("ops");
        bob.expect("ENTER", "ops", "bob");
        alice.expect("ENTER", "ops", "bob");

        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            alice.talk("ops", "alice " + i);
            posts.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + east.apiPort()
                            + "/api/publish")).header("Authorization", "Bearer " + KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(publish("ops", "notice " + i, i % 2 == 0 ? null : "ops-bot")))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        Map<Long, String> postedSeqs = new java.util.HashMap<>();
        for (int i = 0; i < posts.size(); i++) {
            HttpResponse<String> posted = posts.get(i).get();
            assertEquals(200, posted.statusCode(), posted.body());
            assertTrue(json(posted).path("ts").asLong() > 0, posted.body());
            postedSeqs.put(json(posted).path("seq").asLong(), "notice " + i);
        }
        long expectedSeq = 1;
        int notices = 0;
        while (expectedSeq <= 40) {
            JsonNode talk = bob.next();
            assertEquals("TALK", talk.path("type").asText(), talk.toString());
            assertEquals(expectedSeq, talk.path("seq").asLong(), "bob sees every TALK once, in seq order");
            String posted = postedSeqs.get(expectedSeq);
            if (posted != null) {
                notices++;
                assertEquals(posted, talk.path("message").asText(), "the seq the API answered is the TALK's");
                int n = Integer.parseInt(posted.substring("notice ".length()));
                assertEquals(n % 2 == 0 ? "SYSTEM" : "ops-bot", talk.path("userId").asText());
            } else {
                assertEquals("alice", talk.path("userId").asText());
            }
            expectedSeq++;
        }
        assertEquals(20, notices);
    }

    @Test
    void aPostToARoomWithoutMembersIsStoredForHistoryAndForThoseWhoComeLater() throws Exception {
        ChatServer east = instance("east");
        ChatServer west = instance("west");
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> posted = send(east, "POST", "/api/publish", publish("empty", "m" + i, null), KEY);
            assertEquals(i, json(posted).path("seq").asLong(), posted.body());
        }
        HttpResponse<String> page = send(west, "GET", "/api/rooms/empty/history?beforeSeq=3&limit=1", null, KEY);
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("HISTORY", json(page).path("type").asText());
        assertEquals("m2", json(page).path("messages").get(0).path("message").asText());
        assertTrue(json(page).path("more").asBoolean(), page.body());
        HttpResponse<String> newest = send(west, "GET", "/api/rooms/" + URLEncoder.encode("empty", StandardCharsets.UTF_8)
                + "/history", null, KEY);
        assertEquals(3, json(newest).path("messages").size(), newest.body());

        TestClient carol = servers.clients().connect(west.chatUri(), "carol");
        carol.send("{\"type\":\"ENTER\",\"roomId\":\"empty\",\"lastSeq\":0}");
        for (int i = 1; i <= 3; i++) {
            assertEquals("m" + i, carol.expect("TALK", "empty", "SYSTEM").path("message").asText());
        }
        carol.expect("ENTER", "empty", "carol");
    }

    @Test
    void aBrokerThatIsDownAnswers503() throws Exception {
        ChatServer east = instance("east");
        redis.stop();
        HttpResponse<String> refused = send(east, "POST", "/api/publish", publish("lobby", "hi", null), KEY);
        assertError(refused, 503, "UNAVAILABLE");
    }

    @Test
    void anApiPortWithoutALongEnoughKeyStopsStartUpWithoutRepeatingIt() {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> ServerConfig.fromEnv(Map.of("API_PORT", "8090")));
        assertTrue(missing.getMessage().contains("API_KEY"), missing.getMessage());
        ConfigException shortKey = assertThrows(ConfigException.class,
                () -> ServerConfig.fromEnv(Map.of("API_PORT", "8090", "API_KEY", "short-secret")));
        assertTrue(shortKey.getMessage().contains("at least 16"), shortKey.getMessage());
        assertFalse(shortKey.getMessage().contains("short-secret"), "the key is not repeated");
        assertTrue(ServerConfig.fromEnv(Map.of()).api().isEmpty(), "no API_PORT: no server API");
    }
}
