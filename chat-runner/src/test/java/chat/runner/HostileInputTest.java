package chat.runner;

import chat.endpoint.contract.Await;
import chat.endpoint.contract.RawWebSocket;
import chat.endpoint.contract.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static chat.runner.ChatServers.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of generated malformed frames from many connections at once: each gets the error it
 * deserves, nothing escapes to the log as a stack trace, well-behaved members of the same room
 * lose nothing, and the server's state is exact afterwards.
 */
class HostileInputTest {
    private static final int FUZZERS = 6;
    private static final int FRAMES_EACH = 400;
    private static final Set<String> CODES = Set.of("BAD_JSON", "BAD_TYPE", "BAD_ROOM", "NOT_IN_ROOM",
            "TOO_MANY_ROOMS", "MESSAGE_TOO_LONG");

    private final List<LogRecord> stackTraces = new CopyOnWriteArrayList<>();
    private final Handler traceCatcher = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getThrown() != null && record.getLevel().intValue() >= Level.INFO.intValue()) {
                stackTraces.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    @RegisterExtension
    final ChatServers servers = new ChatServers();
    private ChatServer server;

    /** A frame and the error code it must get, or null when it must get no answer at all. */
    record Case(String frame, String code) {
    }

    @BeforeEach
    void start() throws IOException {
        Logger.getLogger("").addHandler(traceCatcher);
        server = servers.start(loopback().withLimits(ChatServers.floodControlOff().withMaxRoomsPerConnection(3)
                .withSendTimeoutMillis(2_000))); // sockets whose close stalls go within 2 s
    }

    @AfterEach
    void removeTraceCatcher() {
        Logger.getLogger("").removeHandler(traceCatcher);
    }

    @Test
    void malformedFramesFromManyConnectionsGetTheirErrorsAndHurtNobodyElse() throws Exception {
        TestClient alice = servers.connect(server, "alice");
        TestClient bob = servers.connect(server, "bob");
        alice.enter("calm");
        alice.expect("ENTER", "calm", "alice");
        bob.enter("calm");
        bob.expect("ENTER", "calm", "bob");
        alice.expect("ENTER", "calm", "bob");

        List<Thread> fuzzers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int f = 0; f < FUZZERS; f++) {
            TestClient fuzzer = servers.connect(server, "fuzz" + f);
            fuzzer.enter("calm"); // a hostile member of the same room
            fuzzer.expect("ENTER", "calm", "fuzz" + f);
            long seed = 42L + f;
            Thread t = new Thread(() -> {
                try {
                    fuzz(fuzzer, new Random(seed));
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "fuzzer-" + f);
            fuzzers.add(t);
        }
        fuzzers.forEach(Thread::start);
        for (int i = 0; i < 200; i++) { // the calm members talk all the while
            alice.talk("calm", "a" + i);
            bob.talk("calm", "b" + i);
        }
        for (Thread t : fuzzers) {
            t.join(60_000);
            assertTrue(!t.isAlive(), t.getName() + " did not finish");
        }
        assertTrue(failures.isEmpty(), "fuzzers failed: " + failures);

        // every fuzzer ENTER was seen by both calm members before their talk; then 400 TALKs each
        for (TestClient member : List.of(alice, bob)) {
            List<String> talks = new ArrayList<>();
            while (talks.size() < 400) {
                JsonNode frame = member.next();
                if (frame.path("type").asText().equals("TALK")) {
                    talks.add(frame.path("message").asText());
                } else {
                    assertEquals("ENTER", frame.path("type").asText(), "only fuzzers' ENTERs may interleave: " + frame);
                }
            }
            for (int i = 0; i < 200; i++) {
                assertTrue(talks.indexOf("a" + i) >= 0 && talks.indexOf("b" + i) >= 0, "lost a calm message " + i);
                if (i > 0) {
                    assertTrue(talks.indexOf("a" + i) > talks.indexOf("a" + (i - 1)), "a's order broke at " + i);
                }
            }
        }
        assertEquals(2 + FUZZERS, server.hub().connectionCount());
        assertEquals(1, server.hub().roomCount(), "fuzzers' ENTERs with bad rooms created no room");
        assertTrue(stackTraces.isEmpty(), "stack traces logged: " + stackTraces.stream()
                .map(r -> r.getLoggerName() + ": " + r.getThrown()).toList());

        servers.clients().close();
        Await.until(() -> server.hub().connectionCount() == 0 && server.hub().roomCount() == 0,
                () -> "state left: " + server.hub().connectionCount() + " connections, " + server.hub().roomCount() + " rooms");
    }

    @Test
    void invalidUtf8InATextFrameClosesOnlyThatConnectionWith1007() throws Exception {
        TestClient bystander = servers.connect(server, "bystander");
        bystander.enter("utf");
        bystander.expect("ENTER", "utf", "bystander");
        try (RawWebSocket raw = RawWebSocket.connect(server.port(), "/ws/chat?userId=mangler")) {
            raw.sendFrame(0x1, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            assertEquals(1007, raw.readCloseCode());
        }
        bystander.talk("utf", "unaffected");
        bystander.expect("TALK", "utf", "bystander");
        assertTrue(stackTraces.isEmpty(), "stack traces logged: " + stackTraces.stream()
                .map(r -> r.getLoggerName() + ": " + r.getThrown()).toList());
    }

    @Test
    void connectionsTornDownAtRandomMomentsLeaveNothingBehind() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            try (RawWebSocket raw = RawWebSocket.connect(server.port(), "/ws/chat?userId=tear" + i)) {
                int rooms = random.nextInt(4);
                for (int k = 0; k < rooms; k++) {
                    raw.sendText("{\"type\":\"ENTER\",\"roomId\":\"tear-" + random.nextInt(5) + "\"}");
                }
                if (random.nextBoolean()) {
                    raw.sendFrameHeader(0x1, 100); // mid-frame: a header, then gone
                }
                if (random.nextBoolean()) {
                    raw.reset();
                }
            } catch (IOException closedFirst) {
                // the server may have closed it already (3 rooms is the limit here): fine
            }
        }
        for (int i = 0; i < 20; i++) { // mid-handshake: half a request line, then gone
            try (java.net.Socket half = new java.net.Socket("127.0.0.1", server.port())) {
                half.getOutputStream().write(("GET /ws/chat?userId=half" + i + " HTTP/1.1\r\nUpgrade: websock")
                        .getBytes(StandardCharsets.US_ASCII));
                if (random.nextBoolean()) {
                    half.setSoLinger(true, 0);
                }
            }
        }
        Await.until(() -> server.hub().connectionCount() == 0 && server.hub().roomCount() == 0,
                () -> "state left: " + server.hub().connectionCount() + " connections, " + server.hub().roomCount() + " rooms");
        Await.until(() -> server.openSockets() == 0, () -> server.openSockets() + " WebSocket sockets left open");
        assertTrue(stackTraces.isEmpty(), "stack traces logged: " + stackTraces.stream()
                .map(r -> r.getLoggerName() + ": " + r.getThrown()).toList());
    }

    @Test
    void connectionsDroppingDuringShutdownLeaveNothingBehind() throws Exception {
        List<RawWebSocket> raws = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            RawWebSocket raw = RawWebSocket.connect(server.port(), "/ws/chat?userId=late" + i);
            raw.sendText("{\"type\":\"ENTER\",\"roomId\":\"closing-" + (i % 3) + "\"}");
            raws.add(raw);
        }
        Await.until(() -> server.hub().connectionCount() == 30, () -> "not all connected");
        Thread dropper = new Thread(() -> {
            for (RawWebSocket raw : raws) {
                try {
                    raw.reset();
                } catch (IOException ignored) {
                    // already closed by the shutdown
                }
            }
        });
        dropper.start();
        server.shutdownGracefully();
        dropper.join(10_000);
        assertEquals(0, server.hub().connectionCount());
        assertEquals(0, server.hub().roomCount());
        assertTrue(stackTraces.isEmpty(), "stack traces logged: " + stackTraces.stream()
                .map(r -> r.getLoggerName() + ": " + r.getThrown()).toList());
    }

    /** Sends the frames, then reads the answers: one ERROR per frame that deserves one, in order. */
    private static void fuzz(TestClient fuzzer, Random random) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < FRAMES_EACH; i++) {
            cases.add(generate(random));
        }
        for (Case c : cases) {
            fuzzer.send(c.frame());
        }
        fuzzer.send("{\"type\":\"TALK\",\"roomId\":\"nowhere\",\"message\":\"end\"}"); // a marker: NOT_IN_ROOM
        for (Case c : cases) {
            if (c.code() == null) {
                continue;
            }
            JsonNode answer = fuzzer.next();
            while (answer.path("type").asText().equals("TALK") || answer.path("type").asText().equals("ENTER")) {
                answer = fuzzer.next(); // room traffic of "calm" interleaves
            }
            assertEquals("ERROR", answer.path("type").asText(), "for " + abbreviate(c.frame()) + ": " + answer);
            assertTrue(CODES.contains(answer.path("code").asText()), "unknown code " + answer);
            if (!c.code().equals("ANY")) {
                assertEquals(c.code(), answer.path("code").asText(), "for " + abbreviate(c.frame()));
            }
            assertTrue(!answer.path("message").asText().contains("Exception"), "internals leaked: " + answer);
        }
        JsonNode marker = fuzzer.next();
        while (!marker.path("type").asText().equals("ERROR")) {
            marker = fuzzer.next();
        }
        assertEquals("NOT_IN_ROOM", marker.path("code").asText(), "an unexpected extra answer: " + marker);
        assertTrue(fuzzer.isOpen());
    }

    private static Case generate(Random r) {
        String valid = "{\"type\":\"TALK\",\"roomId\":\"calm\",\"message\":\"x\"}";
        return switch (r.nextInt(16)) {
            case 0 -> new Case(valid.substring(0, 1 + r.nextInt(valid.length() - 1)), "BAD_JSON"); // truncated
            case 1 -> new Case("[".repeat(2000) + "]".repeat(2000), "BAD_JSON"); // deep nesting
            case 2 -> new Case("{\"type\":" + "9".repeat(1 + r.nextInt(2000)) + "}", "ANY"); // huge number
            case 3 -> new Case("{\"type\":" + (r.nextBoolean() ? "42" : "[\"ENTER\"]") + ",\"roomId\":\"r\"}", "BAD_TYPE");
            case 4 -> new Case("{\"type\":\"ENTER\",\"roomId\":" + (r.nextBoolean() ? "7" : "{}") + "}", "BAD_ROOM");
            case 5 -> new Case("{\"type\":\"TALK\",\"roomId\":\"calm\",\"message\":" + (r.nextBoolean() ? "1" : "true") + "}", "BAD_JSON");
            case 6 -> new Case("{\"type\":\"ENTER\",\"roomId\":\"bad\\u0000\\u0007room\"}", "BAD_ROOM"); // control characters
            case 7 -> new Case("", "BAD_JSON"); // empty frame
            case 8 -> new Case("{\"type\":\"" + new String[] {"ENTER", "TALK", "LEAVE"}[r.nextInt(3)] + "\"}", "BAD_ROOM");
            case 9 -> new Case("{}", "BAD_TYPE");
            case 10 -> new Case("{\"type\":\"ENTER\",\"roomId\":\"" + "r".repeat(129 + r.nextInt(5000)) + "\"}", "BAD_ROOM");
            case 11 -> new Case("{\"type\":\"TALK\",\"roomId\":\"other" + r.nextInt(100) + "\",\"message\":\"hi\"}", "NOT_IN_ROOM");
            case 12 -> new Case("{\"type\":\"TALK\",\"roomId\":\"calm\",\"message\":\"" + "m".repeat(8193) + "\"}", "MESSAGE_TOO_LONG");
            case 13 -> new Case("{\"type\":\"PING\",\"roomId\":" + r.nextInt() + "}", null); // never answered
            case 14 -> new Case(new String(randomBytes(r), StandardCharsets.UTF_8), "ANY"); // noise
            default -> new Case("{\"type\":\"" + randomWord(r) + "\",\"roomId\":\"calm\"}", "BAD_TYPE");
        };
    }

    private static byte[] randomBytes(Random r) {
        byte[] bytes = new byte[1 + r.nextInt(200)];
        r.nextBytes(bytes);
        bytes[0] = (byte) '#'; // never a JSON value start, so it cannot decode to a command
        return bytes;
    }

    private static String randomWord(Random r) {
        String[] words = {"DANCE", "ERROR", "SHUTDOWN", "ENTERR", "", "T", "talk ", "ΕΝΤΕR"};
        return words[r.nextInt(words.length)];
    }

    private static String abbreviate(String frame) {
        return frame.length() <= 60 ? frame : frame.substring(0, 60) + "...(" + frame.length() + ")";
    }
}
