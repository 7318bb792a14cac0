package chat.endpoint.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real WebSocket client (Tyrus) that records every frame it receives and how it was closed.
 * Every wait is bounded and fails with what was expected.
 */
public final class TestClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final String name;
    private volatile Session session;

    private TestClient(String name) {
        this.name = name;
    }

    /** Connects as {@code userId} (URL-encoded into the query). */
    public static TestClient connect(ClientManager client, URI chatUri, String userId) {
        String query = userId == null ? "" : "?userId=" + URLEncoder.encode(userId, StandardCharsets.UTF_8);
        return connectRaw(client, URI.create(chatUri + query), userId);
    }

    /** A client configuration whose handshakes carry {@code Origin: origin}, as a browser's do. */
    public static ClientEndpointConfig withOrigin(String origin) {
        return ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("Origin", List.of(origin));
            }
        }).build();
    }

    /** Connects to {@code uri} as given (its query included); {@code name} labels failures. */
    public static TestClient connectRaw(ClientManager client, URI uri, String name) {
        TestClient recorder = new TestClient(name);
        try {
            client.connectToServer(recorder.new Listener(), ClientEndpointConfig.Builder.create().build(), uri);
        } catch (DeploymentException | IOException e) {
            throw new AssertionError(name + ": cannot connect to " + uri, e);
        }
        return recorder;
    }

    public void send(String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": send failed", e);
        }
    }

    public void send(String type, String roomId, String message) {
        send("{\"type\":\"" + type + "\",\"roomId\":\"" + roomId + "\",\"message\":\"" + message + "\"}");
    }

    public void enter(String roomId) {
        send("ENTER", roomId, "");
    }

    public void talk(String roomId, String message) {
        send("TALK", roomId, message);
    }

    public void sendBinary(byte[] data) throws IOException {
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(data));
    }

    /** The next frame, parsed; fails when none arrives in time. */
    public JsonNode next() {
        try {
            String text = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                fail(name + ": no frame within " + WAIT + (closed.isDone() ? " (closed: " + closed.getNow(null) + ")" : ""));
            }
            return JSON.readTree(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new AssertionError(name + ": received a frame that is not JSON", e);
        }
    }

    /** The next frame, checked to be room traffic of this type, room and user. */
    public JsonNode expect(String type, String roomId, String userId) {
        JsonNode frame = next();
        assertEquals(type, frame.path("type").asText(), name + " expected " + type + " but got " + frame);
        assertEquals(roomId, frame.path("roomId").asText(), name + ": room of " + frame);
        assertEquals(userId, frame.path("userId").asText(), name + ": user of " + frame);
        return frame;
    }

    /** The next frame, checked to be an ERROR with this code. */
    public JsonNode expectError(String code) {
        JsonNode frame = next();
        assertEquals("ERROR", frame.path("type").asText(), name + " expected ERROR " + code + " but got " + frame);
        assertEquals(code, frame.path("code").asText(), name + ": code of " + frame);
        return frame;
    }

    /** How the server closed this connection; fails when it stays open. */
    public CloseReason awaitClose() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(name + ": not closed within " + WAIT, e);
        }
    }

    public boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen() && !closed.isDone();
    }

    /** Frames received and not yet taken. */
    public int pending() {
        return received.size();
    }

    @Override
    public void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private final class Listener extends Endpoint {
        @Override
        public void onOpen(Session s, EndpointConfig config) {
            session = s;
            // Negative: Tyrus then schedules no idle-timeout task per send. With it, a send that
            // races the server's close can fail on the client's timer, which stops when its last
            // session closes.
            s.setMaxIdleTimeout(-1);
            s.setMaxTextMessageBufferSize(1 << 20);
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) received::add);
        }

        @Override
        public void onClose(Session s, CloseReason reason) {
            closed.complete(reason);
        }
    }
}
