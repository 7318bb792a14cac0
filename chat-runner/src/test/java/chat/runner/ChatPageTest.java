package chat.runner;

import chat.core.broker.inprocess.InProcessBroker;
import chat.endpoint.contract.TestClient;
import chat.endpoint.contract.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat page served on the WebSocket port of a real server, fetched with a real HTTP client. */
class ChatPageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static ChatServer server;
    /** HTTP/1.1 as browsers speak it to a plain-text server; {@link #anH2cUpgradeOfferIsAnsweredInHttp11} checks the default. */
    private static HttpClient http;

    @BeforeAll
    static void startServer() throws IOException {
        server = ChatServer.start(ChatServers.loopback(), new InProcessBroker());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void rootServesThePageAsUtf8Html() {
        HttpResponse<String> page = send(http, "GET", "/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html;charset=utf-8", contentType(page));
        assertTrue(page.body().contains("<script type=\"module\" src=\"chat.js\"></script>"), page.body());
        assertTrue(page.body().contains("id=\"status\""), page.body());
        assertEquals(page.body(), send(http, "GET", "/index.html").body());
    }

    @Test
    void scriptStyleAndIconAreServedWithTheirTypes() {
        HttpResponse<String> script = send(http, "GET", "/chat.js");
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript;charset=utf-8", contentType(script));
        assertTrue(script.body().contains("new WebSocket("), "chat.js as shipped");

        HttpResponse<String> style = send(http, "GET", "/chat.css");
        assertEquals(200, style.statusCode());
        assertEquals("text/css;charset=utf-8", contentType(style));

        HttpResponse<String> icon = send(http, "GET", "/favicon.svg");
        assertEquals(200, icon.statusCode());
        assertEquals("image/svg+xml", contentType(icon));
    }

    @Test
    void pathsThatNameNoPageFileAre404() {
        for (String path : List.of("/missing.js", "/chat.js/", "/web/chat.js", "/chat-logging.properties",
                "/chat/runner/Main.class", "/%2e%2e/chat-logging.properties", "/ws/chat", "/ws/chat?userId=alice")) {
            HttpResponse<String> response = send(http, "GET", path);
            assertEquals(404, response.statusCode(), path);
            assertEquals("text/plain;charset=utf-8", contentType(response), path);
        }
    }

    @Test
    void headAnswersLikeGetWithoutTheBody() {
        HttpResponse<String> get = send(http, "GET", "/chat.js");
        HttpResponse<String> head = send(http, "HEAD", "/chat.js");
        assertEquals(200, head.statusCode());
        assertEquals("text/javascript;charset=utf-8", contentType(head));
        assertEquals(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length),
                head.headers().firstValue("Content-Length").orElse("none"));
        assertEquals("", head.body());
        assertEquals(404, send(http, "HEAD", "/missing.js").statusCode());
    }

    @Test
    void otherMethodsAreRefusedWith405() {
        for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
            HttpResponse<String> response = send(http, method, "/");
            assertEquals(405, response.statusCode(), method);
            assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse("none"), method);
        }
    }

    @Test
    void everyAnswerForbidsInlineScriptSniffingAndStaleCopies() {
        for (String path : List.of("/", "/chat.js", "/chat.css", "/missing.js")) {
            HttpResponse<String> response = send(http, "GET", path);
            String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("default-src 'self'"), path + ": " + policy);
            assertTrue(policy.contains("script-src 'self'"), path + ": " + policy);
            String host = "127.0.0.1:" + server.port();
            assertTrue(policy.contains("connect-src 'self' ws://" + host + " wss://" + host), path + ": " + policy);
            assertFalse(policy.contains(" ws: "), path + ": any WebSocket host would be allowed: " + policy);
            assertFalse(policy.contains("unsafe-inline"), path + ": " + policy);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(""), path);
            assertEquals("close", response.headers().firstValue("Connection").orElse(""), path);
        }
    }

    @Test
    void aHostHeaderThatIsNotAHostNeverReachesThePolicy() {
        assertTrue(ChatPageHandler.contentSecurityPolicy("chat.example.com:8443")
                .endsWith("connect-src 'self' ws://chat.example.com:8443 wss://chat.example.com:8443"));
        assertTrue(ChatPageHandler.contentSecurityPolicy("[::1]:8085").endsWith("ws://[::1]:8085 wss://[::1]:8085"));
        for (String hostile : new String[] {"evil.example; script-src *", "a b", "", null}) {
            assertTrue(ChatPageHandler.contentSecurityPolicy(hostile).endsWith("; connect-src 'self'"), hostile);
        }
    }

    @Test
    void theServerClosesThePageConnectionAfterItsAnswer() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write("GET /chat.css HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII); // until EOF
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("connection: close"), answer);
        }
    }

    @Test
    void anH2cUpgradeOfferIsAnsweredInHttp11() {
        // java.net.http asks a plain-text server to upgrade to h2c; the answer stays HTTP/1.1
        HttpClient offering = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpResponse<String> page = send(offering, "GET", "/");
        assertEquals(200, page.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, page.version());
        assertEquals(200, send(offering, "GET", "/chat.js").statusCode());
    }

    @Test
    void aWebSocketConnectsOnThePagesPortBetweenPageRequests() {
        assertEquals(200, send(http, "GET", "/").statusCode());
        URI chat = server.chatUri();
        assertEquals(server.port(), chat.getPort());
        try (TestClients clients = new TestClients()) {
            TestClient alice = clients.connect(chat, "alice");
            alice.enter("page-room");
            alice.expect("ENTER", "page-room", "alice");
            alice.talk("page-room", "hello");
            assertEquals("hello", alice.expect("TALK", "page-room", "alice").path("message").asText());
            assertEquals(200, send(http, "GET", "/chat.js").statusCode());
        }
        assertEquals(200, send(http, "GET", "/").statusCode());
    }

    private static HttpResponse<String> send(HttpClient client, String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(server.pageUri().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(TIMEOUT).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("none").replace(" ", "").toLowerCase();
    }
}
