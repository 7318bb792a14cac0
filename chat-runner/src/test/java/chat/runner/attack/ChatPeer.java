package chat.runner.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * An ordinary chat client on a {@link HostileSocket}: it sends JSON text frames and a reader thread
 * records everything the server sends. Text frames are decoded strictly (a frame that is not
 * valid UTF-8, or not JSON, is recorded as a {@linkplain #problems() problem}); pings are answered;
 * a close frame is echoed and ends the connection.
 *
 * <p>The test thread takes frames in order with {@link #next} and {@link #await}; {@link #texts}
 * keeps every one for checks over the whole conversation. Sending is thread-safe (a stream thread
 * and the test thread may both send); every wait is bounded.
 */
final class ChatPeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HANDSHAKE_WAIT = Duration.ofSeconds(5);
    private static final JsonNode ENDED = JSON.createObjectNode().put("type", "(ended)");

    private final String name;
    private final HostileSocket socket;
    private final BlockingQueue<JsonNode> unread = new LinkedBlockingQueue<>();
    private final List<JsonNode> texts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;
    private final boolean recording;
    private final AtomicLong framesReceived = new AtomicLong();
    /** Payload bytes of each recorded frame, by identity: what the server put on the wire for it. */
    private final Map<JsonNode, Integer> wireSizes = Collections.synchronizedMap(new IdentityHashMap<>());
    private volatile Ending ending;
    private volatile boolean closing;

    private ChatPeer(String name, HostileSocket socket, boolean recording) {
        this.name = name;
        this.socket = socket;
        this.recording = recording;
        this.reader = new Thread(this::readLoop, "peer-" + name);
        reader.setDaemon(true);
    }

    /** Connects as {@code userId} with a valid handshake; fails unless the server answers 101. */
    static ChatPeer connect(URI chatUri, String userId) {
        return connectWithQuery(chatUri, "userId=" + userId, userId);
    }

    /** Connects with this query string; {@code name} labels failures. */
    static ChatPeer connectWithQuery(URI chatUri, String query, String name) {
        return connect(chatUri, query, name, true);
    }

    /**
     * Connects as {@code userId} without keeping what it receives: frames are only counted and checked
     * to be valid UTF-8. For attackers that receive far more than a test wants to hold.
     */
    static ChatPeer connectQuiet(URI chatUri, String userId) {
        return connect(chatUri, "userId=" + userId, userId, false);
    }

    private static ChatPeer connect(URI chatUri, String query, String name, boolean recording) {
        HostileSocket socket = null;
        try {
            socket = HostileSocket.connect(chatUri.getPort());
            HttpHead head = socket.upgrade(chatUri.getRawPath() + "?" + query, HANDSHAKE_WAIT);
            if (head.status() != 101) {
                throw new AssertionError(name + ": handshake answered " + head.statusLine());
            }
        } catch (IOException e) {
            if (socket != null) {
                socket.close();
            }
            throw new AssertionError(name + ": cannot connect to " + chatUri + ": " + e, e);
        }
        ChatPeer peer = new ChatPeer(name, socket, recording);
        peer.reader.start();
        return peer;
    }

    String name() {
        return name;
    }

    /** Sends one masked text frame; fails when the socket is gone. */
    void send(String json) {
        send(ClientFrame.text(json));
    }

    synchronized void send(ClientFrame... frames) {
        try {
            socket.send(frames);
        } catch (IOException e) {
            throw new AssertionError(name + ": send failed (" + e + "); connection " + describeEnding(), e);
        }
    }

    void enter(String roomId) {
        send("{\"type\":\"ENTER\",\"roomId\":\"" + roomId + "\"}");
    }

    /** ENTER resuming after {@code lastSeq}: the server replays what is stored after it. */
    void enter(String roomId, long lastSeq) {
        send("{\"type\":\"ENTER\",\"roomId\":\"" + roomId + "\",\"lastSeq\":" + lastSeq + "}");
    }

    /** TALK; {@code message} must need no JSON escaping. */
    void talk(String roomId, String message) {
        send("{\"type\":\"TALK\",\"roomId\":\"" + roomId + "\",\"message\":\"" + message + "\"}");
    }

    void leave(String roomId) {
        send("{\"type\":\"LEAVE\",\"roomId\":\"" + roomId + "\"}");
    }

    /** The next text frame not yet taken; fails when none comes in time or the connection ended. */
    JsonNode next(Duration within) {
        JsonNode frame;
        try {
            frame = unread.poll(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (frame == null) {
            fail(name + ": no frame within " + within.toMillis() + " ms; connection " + describeEnding() + problemNote());
        }
        if (frame == ENDED) {
            unread.add(ENDED); // later calls see the end too
            fail(name + ": connection ended before the next frame: " + ending + problemNote());
        }
        return frame;
    }

    /** Takes frames until one matches; fails saying what was skipped when none does in time. */
    JsonNode await(String what, Duration within, Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode frame;
            try {
                frame = unread.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (frame == ENDED) {
                unread.add(ENDED);
                fail(name + ": connection ended (" + ending + ") before " + what + "; skipped " + abbreviate(skipped) + problemNote());
            }
            if (frame == null) {
                fail(name + ": waited " + within.toMillis() + " ms for " + what + " in vain; skipped " + abbreviate(skipped)
                        + "; connection " + describeEnding() + problemNote());
            }
            if (wanted.test(frame)) {
                return frame;
            }
            skipped.add(abbreviate(frame.toString()));
        }
    }

    /** Waits for this peer's own room traffic of {@code type} in {@code roomId}. */
    JsonNode awaitOwn(String type, String roomId, Duration within) {
        return await("own " + type + " in " + roomId, within, f -> type.equals(f.path("type").asText())
                && roomId.equals(f.path("roomId").asText()) && name.equals(f.path("userId").asText()));
    }

    /** Every text frame received so far, taken or not, in order (none for a quiet peer). */
    List<JsonNode> texts() {
        synchronized (texts) {
            return List.copyOf(texts);
        }
    }

    /** Whether any text frame received so far matches (none does for a quiet peer). */
    boolean hasReceived(Predicate<JsonNode> wanted) {
        synchronized (texts) {
            for (int i = texts.size() - 1; i >= 0; i--) {
                if (wanted.test(texts.get(i))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The payload size in bytes of a frame this peer recorded; -1 for any other node. */
    int wireSize(JsonNode frame) {
        Integer size = wireSizes.get(frame);
        return size == null ? -1 : size;
    }

    /** Text frames received so far, also by a quiet peer. */
    long framesReceived() {
        return framesReceived.get();
    }

    /** Frames the server sent that a strict client refuses: invalid UTF-8, not JSON, masked. */
    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /** How the connection ended, or null while it is open. */
    Ending ending() {
        return ending;
    }

    /** Waits for the connection to end; STILL_OPEN when it does not in time. */
    Ending awaitEnding(Duration within) {
        try {
            reader.join(Math.max(1, within.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Ending seen = ending;
        return seen != null ? seen : Ending.of(Ending.Kind.STILL_OPEN, "");
    }

    @Override
    public void close() {
        closing = true;
        socket.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readLoop() {
        ByteArrayOutputStream fragments = null;
        try {
            while (true) {
                WireFrame frame = socket.readFrameBlocking();
                if (frame == null) {
                    end(Ending.of(Ending.Kind.EOF, ""));
                    return;
                }
                if (frame.masked()) {
                    problems.add("the server sent a masked frame: " + frame);
                }
                switch (frame.opcode()) {
                    case ClientFrame.TEXT, ClientFrame.CONTINUATION -> {
                        if (frame.opcode() == ClientFrame.TEXT) {
                            fragments = new ByteArrayOutputStream();
                        } else if (fragments == null) {
                            problems.add("a continuation frame with no message to continue");
                            continue;
                        }
                        fragments.writeBytes(frame.payload());
                        if (frame.fin()) {
                            text(fragments.toByteArray());
                            fragments = null;
                        }
                    }
                    case ClientFrame.PING -> send(ClientFrame.of(ClientFrame.PONG, frame.payload()));
                    case ClientFrame.CLOSE -> {
                        String reason;
                        try {
                            reason = frame.closeReason();
                        } catch (CharacterCodingException e) {
                            problems.add("close reason " + e.getMessage());
                            reason = "<not UTF-8>";
                        }
                        try {
                            socket.send(ClientFrame.close(frame.closeCode(), ""));
                        } catch (IOException ignored) {
                            // the server may have closed the socket already
                        }
                        end(Ending.closeFrame(frame.closeCode(), reason, ""));
                        return;
                    }
                    case ClientFrame.PONG -> {
                        // unsolicited pongs are allowed
                    }
                    default -> problems.add("the server sent a frame with opcode 0x" + Integer.toHexString(frame.opcode()));
                }
            }
        } catch (IOException | AssertionError e) {
            end(Ending.of(closing ? Ending.Kind.EOF : Ending.Kind.RESET, closing ? "closed by the test" : e.toString()));
        } finally {
            socket.close();
        }
    }

    private void text(byte[] bytes) {
        String text;
        try {
            text = StrictUtf8.decode(bytes);
        } catch (CharacterCodingException e) {
            problems.add("a text frame that is " + e.getMessage());
            return;
        }
        framesReceived.incrementAndGet();
        if (!recording) {
            return;
        }
        try {
            JsonNode json = JSON.readTree(text);
            json = json == null ? JSON.createObjectNode() : json;
            wireSizes.put(json, bytes.length);
            texts.add(json);
            unread.add(json);
        } catch (IOException e) {
            problems.add("a text frame that is not JSON: " + abbreviate(text));
        }
    }

    private void end(Ending how) {
        if (ending == null) {
            ending = how;
        }
        unread.add(ENDED);
    }

    private String describeEnding() {
        Ending seen = ending;
        return seen == null ? "still open" : "ended: " + seen;
    }

    private String problemNote() {
        List<String> seen = problems();
        return seen.isEmpty() ? "" : "; problems: " + seen;
    }

    static String abbreviate(String text) {
        return text.length() <= 160 ? text : text.substring(0, 160) + "...(" + text.length() + " chars)";
    }

    private static String abbreviate(List<String> skipped) {
        if (skipped.size() <= 6) {
            return skipped.toString();
        }
        return skipped.subList(0, 3) + " ... " + skipped.subList(skipped.size() - 3, skipped.size())
                + " (" + skipped.size() + " frames)";
    }
}
