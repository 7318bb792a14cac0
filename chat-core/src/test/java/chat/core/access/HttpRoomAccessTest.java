package chat.core.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The callback decider against a real HTTP server that answers each way an application might. */
class HttpRoomAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private HttpServer server;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    /** The room id tells the server how to answer. */
    private void answer(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        bodies.add(body);
        contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
        switch (body.path("roomId").asText()) {
            case "allowed" -> send(exchange, 200, "{\"allow\":true}");
            case "refused" -> send(exchange, 200, "{\"allow\":false,\"reason\":\"members only\"}");
            case "refused-plain" -> send(exchange, 200, "{\"allow\":false}");
            case "forbidden-403" -> send(exchange, 403, "{\"reason\":\"banned here\"}");
            case "not-found" -> send(exchange, 404, "");
            case "broken" -> send(exchange, 500, "{\"allow\":true}");
            case "no-allow" -> send(exchange, 200, "{\"ok\":true}");
            case "not-json" -> send(exchange, 200, "yes");
            case "moved" -> {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/");
                send(exchange, 302, "");
            }
            case "huge" -> send(exchange, 200, "{\"allow\":true,\"pad\":\"" + "x".repeat(HttpRoomAccess.MAX_ANSWER_BYTES) + "\"}");
            case "nasty-reason" -> send(exchange, 200, "{\"allow\":false,\"reason\":\"no\\u0000\\ud800 " + "y".repeat(300) + "\"}");
            case "slow" -> {
                awaitRelease();
                send(exchange, 200, "{\"allow\":true}");
            }
            default -> send(exchange, 400, "");
        }
    }

    private void awaitRelease() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private HttpRoomAccess access(int maxInFlight) {
        return new HttpRoomAccess(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/access"),
                TIMEOUT, maxInFlight);
    }

    private static AccessDecision decide(RoomAccess access, String room) {
        return access.decide(new AccessRequest("alice", room, RoomAction.ENTER, RoomGrants.NONE))
                .toCompletableFuture().join();
    }

    private static String forbidden(AccessDecision decision) {
        return assertInstanceOf(AccessDecision.Forbidden.class, decision).reason();
    }

    private static String unavailable(AccessDecision decision) {
        return assertInstanceOf(AccessDecision.Unavailable.class, decision).reason();
    }

    @Test
    void postsTheRequestAsJsonAndFollowsAnAllowOrARefusal() {
        HttpRoomAccess access = access(8);
        assertEquals(AccessDecision.ALLOWED, decide(access, "allowed"));
        assertEquals("members only", forbidden(decide(access, "refused")));
        assertEquals("access to this room is denied", forbidden(decide(access, "refused-plain")));
        JsonNode first = bodies.get(0);
        assertEquals("alice", first.path("userId").asText());
        assertEquals("allowed", first.path("roomId").asText());
        assertEquals("ENTER", first.path("action").asText());
        assertEquals(3, first.size(), first.toString());
        assertEquals("application/json", contentTypes.get(0));
        AccessDecision history = access.decide(new AccessRequest("bob", "allowed", RoomAction.HISTORY, RoomGrants.NONE))
                .toCompletableFuture().join();
        assertEquals(AccessDecision.ALLOWED, history);
        assertEquals("HISTORY", bodies.get(3).path("action").asText());
    }

    @Test
    void aClientErrorAnswerRefusesWithItsReasonIfItGivesOne() {
        HttpRoomAccess access = access(8);
        assertEquals("banned here", forbidden(decide(access, "forbidden-403")));
        assertEquals("access to this room is denied", forbidden(decide(access, "not-found")));
    }

    @Test
    void whatDecidesNothingFailsClosed() throws IOException {
        HttpRoomAccess access = access(8);
        assertEquals("the room access callback answered HTTP 500", unavailable(decide(access, "broken")));
        assertEquals("the room access callback answered HTTP 302", unavailable(decide(access, "moved")));
        assertTrue(unavailable(decide(access, "no-allow")).contains("without a boolean \"allow\""));
        assertTrue(unavailable(decide(access, "not-json")).contains("without a boolean \"allow\""));
        assertTrue(unavailable(decide(access, "huge")).contains("over " + HttpRoomAccess.MAX_ANSWER_BYTES + " bytes"));
        assertEquals("the room access callback did not answer within 500 ms", unavailable(decide(access, "slow")));

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpRoomAccess nobody = new HttpRoomAccess(URI.create("http://127.0.0.1:" + closedPort + "/"), TIMEOUT);
        assertEquals("the room access callback could not be reached", unavailable(decide(nobody, "allowed")));
    }

    @Test
    void aReasonThatIsNotCleanChatTextIsShortenedAndQuoted() {
        String reason = forbidden(decide(access(8), "nasty-reason"));
        assertTrue(reason.startsWith("no\\u0000\\uD800 yyy"), reason);
        assertEquals(HttpRoomAccess.MAX_REASON_CHARS + "...".length(), reason.length() - 10, reason);
    }

    @Test
    void beyondMaxInFlightCallsARequestIsUnavailableAtOnceInsteadOfQueueing() {
        HttpRoomAccess access = access(1);
        CompletionStage<AccessDecision> slow = access.decide(new AccessRequest("alice", "slow", RoomAction.ENTER,
                RoomGrants.NONE));
        assertTrue(unavailable(decide(access, "allowed")).startsWith("too many room access checks"));
        release.countDown();
        assertEquals(AccessDecision.ALLOWED, slow.toCompletableFuture().join());
        assertEquals(AccessDecision.ALLOWED, decide(access, "allowed"), "the place was given back");
    }
}
