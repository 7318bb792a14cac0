package chat.core.testing;

import chat.core.connection.Connection;
import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test double for {@link Connection}: records, in order, every frame the hub sends and every
 * close it requests. Frames are decoded with a plain Jackson {@link ObjectMapper} for assertions.
 */
public class RecordingConnection implements Connection {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    public sealed interface Event permits Sent, Closed {
    }

    public record Sent(EncodedFrame frame) implements Event {
    }

    public record Closed(CloseCode code, String reason) implements Event {
    }

    private final String id;
    private final String userId;
    // guarded by this
    private final List<Event> events = new ArrayList<>();
    private boolean closed;

    public RecordingConnection(String userId) {
        this.id = "conn-" + IDS.incrementAndGet();
        this.userId = userId;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public synchronized boolean send(EncodedFrame frame) {
        events.add(new Sent(frame));
        notifyAll();
        return !closed;
    }

    @Override
    public synchronized void close(CloseCode code, String reason) {
        events.add(new Closed(code, reason));
        closed = true;
        notifyAll();
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Every frame received, as sent, in order. */
    public List<EncodedFrame> sentFrames() {
        List<EncodedFrame> frames = new ArrayList<>();
        for (Event event : events()) {
            if (event instanceof Sent sent) {
                frames.add(sent.frame());
            }
        }
        return frames;
    }

    /** Every frame received, decoded, in order. */
    public List<JsonNode> frames() {
        List<JsonNode> frames = new ArrayList<>();
        for (Event event : events()) {
            if (event instanceof Sent sent) {
                frames.add(parse(sent.frame().json()));
            }
        }
        return frames;
    }

    /** Every frame received as a short line, e.g. {@code TALK:room-1:alice:hi} or {@code ERROR:NOT_IN_ROOM:room-1}. */
    public List<String> summaries() {
        List<String> lines = new ArrayList<>();
        for (JsonNode frame : frames()) {
            lines.add(summary(frame));
        }
        return lines;
    }

    public List<JsonNode> framesOfType(String type) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode frame : frames()) {
            if (type.equals(frame.path("type").asText())) {
                matching.add(frame);
            }
        }
        return matching;
    }

    public synchronized List<Closed> closes() {
        List<Closed> closes = new ArrayList<>();
        for (Event event : events) {
            if (event instanceof Closed c) {
                closes.add(c);
            }
        }
        return closes;
    }

    public synchronized void clear() {
        events.clear();
    }

    /** Waits (bounded) until at least {@code count} frames arrived; fails the test otherwise. */
    public synchronized void awaitFrames(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sentCount() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        assertTrue(sentCount() >= count, "expected " + count + " frames for " + userId + ", got " + sentCount());
    }

    private int sentCount() {
        int n = 0;
        for (Event event : events) {
            if (event instanceof Sent) {
                n++;
            }
        }
        return n;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String summary(JsonNode frame) {
        String type = frame.path("type").asText();
        switch (type) {
            case "ERROR":
                return "ERROR:" + frame.path("code").asText() + ":"
                        + (frame.has("roomId") ? frame.get("roomId").asText() : "-");
            case "SHUTDOWN":
                return "SHUTDOWN:" + frame.path("message").asText();
            default:
                return type + ":" + frame.path("roomId").asText() + ":" + frame.path("userId").asText() + ":"
                        + frame.path("message").asText();
        }
    }

    @Override
    public String toString() {
        return id + "(" + userId + ")";
    }
}
