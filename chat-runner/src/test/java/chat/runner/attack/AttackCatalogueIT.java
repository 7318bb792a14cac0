package chat.runner.attack;

import chat.redis.RedisServer;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Attacks tried against the packaged server, one per test, each on a fresh server process with two
 * bystanders in the attacked rooms (see {@link Scene}). Every attack checks that the attacker gets a
 * clear answer or is closed, that the bystanders' stream of TALKs arrives whole and in order, that
 * heap and file descriptors come back within bounds, and that the server logged no stack trace.
 *
 * <p>Run alone: {@code mvn -B -pl chat-runner -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=AttackCatalogueIT}.
 */
class AttackCatalogueIT {
    private static final String ROOM = "r";
    /** An idle server answers a frame within milliseconds; this covers a busy 2-core machine. */
    private static final Duration ANSWER_WAIT = Scene.ANSWER_WAIT;
    /** Refusals at the door happen while the handshake is handled: the socket ends at once. */
    private static final Duration DOOR_WAIT = Duration.ofSeconds(2);
    /** A violation of the WebSocket protocol is answered by the next read of the socket. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** Rate limits off: for setting up an attack fast; the attack stands for many connections at the default rate. */
    private static final Map<String, String> NO_RATE_LIMIT = Map.of("RATE_BURST", "1000000", "RATE_PER_SECOND", "1000000");

    // ---- 1. lone surrogates and control characters in JSON escapes ----------------------------------------------

    @ParameterizedTest(name = "message \"{0}\"")
    @ValueSource(strings = {"\\ud800 x", "\\udc00", "\\udc00\\ud800"})
    void aLoneSurrogateInATalkIsRefusedAsBadJsonAndTheRoomGoesOn(String escapedMessage) throws Exception {
        try (Scene scene = Scene.start("lone-surrogate-talk", Map.of(), ROOM)) {
            ChatPeer mallory = scene.member("mallory", ROOM);
            mallory.send(Payloads.talkRaw(ROOM, escapedMessage));
            scene.check("the sender gets ERROR BAD_JSON for room r", () -> expectError(mallory, "BAD_JSON", ROOM));
            scene.check("a newcomer resuming from lastSeq 0 gets the room's history and live traffic, in valid UTF-8",
                    () -> expectHistoryAndLiveTraffic(scene, "nina"));
            scene.checkBystanders();
            scene.check("nothing of the refused TALK is delivered to the room", () -> expectNoTalkFrom(scene, "mallory"));
            scene.finish();
        }
    }

    @Test
    void aLoneSurrogateInARoomIdIsRefusedAsBadRoomInValidUtf8() throws Exception {
        try (Scene scene = Scene.start("lone-surrogate-room", Map.of(), ROOM)) {
            ChatPeer mallory = scene.member("mallory", ROOM);
            mallory.send(Payloads.enterRaw("\\ud800"));
            scene.check("the sender gets ERROR BAD_ROOM, valid UTF-8", () -> expectError(mallory, "BAD_ROOM", null));
            scene.check("the sender is still served", () -> expectStillServed(mallory));
            scene.finish();
        }
    }

    @Test
    void aLoneSurrogateInATypeIsRefusedAsBadTypeInValidUtf8() throws Exception {
        try (Scene scene = Scene.start("lone-surrogate-type", Map.of(), ROOM)) {
            ChatPeer mallory = scene.member("mallory", ROOM);
            mallory.send(Payloads.typeRaw("\\ud800"));
            scene.check("the sender gets ERROR BAD_TYPE, valid UTF-8", () -> expectError(mallory, "BAD_TYPE", null));
            scene.check("the sender is still served", () -> expectStillServed(mallory));
            scene.finish();
        }
    }

    @Test
    void aControlCharacterInATalkIsRefusedAsBadJson() throws Exception {
        try (Scene scene = Scene.start("control-character", Map.of(), ROOM)) {
            ChatPeer mallory = scene.member("mallory", ROOM);
            mallory.send(Payloads.talkRaw(ROOM, "bell\\u0001"));
            scene.check("the sender gets ERROR BAD_JSON for room r", () -> expectError(mallory, "BAD_JSON", ROOM));
            scene.checkBystanders();
            scene.check("nothing of the refused TALK is delivered to the room", () -> expectNoTalkFrom(scene, "mallory"));
            scene.finish();
        }
    }

    // ---- 2. a ping flood that never reads --------------------------------------------------------------------------

    /** Small enough that the flooder's TCP window closes at once: every pong the server answers stays with it. */
    private static final int TINY_RECEIVE_BUFFER = 4096;
    /** "Within a few seconds": how long the flooder may keep flooding before the server must have closed it. */
    private static final Duration FLOOD_BOUND = Duration.ofSeconds(5);

    @Test
    void aPingFloodThatNeverReadsIsClosedAndCostsBoundedHeap() throws Exception {
        try (Scene scene = Scene.start("ping-flood", Map.of(), ROOM)) {
            HostileSocket flooder = scene.track(HostileSocket.connect(scene.server().port(), TINY_RECEIVE_BUFFER));
            HttpHead head = flooder.upgrade("/ws/chat?userId=flooder", ANSWER_WAIT);
            assertEquals(101, head.status(), head.statusLine());
            byte[] payload = new byte[125];
            Arrays.fill(payload, (byte) 'p');
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            for (int i = 0; i < 100; i++) {
                batch.writeBytes(ClientFrame.ping(payload).encode());
            }
            byte[] pings = batch.toByteArray();
            AtomicReference<IOException> stoppedBy = new AtomicReference<>();
            AtomicLong pingsSent = new AtomicLong();
            Thread flood = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        flooder.write(pings);
                        pingsSent.addAndGet(100);
                    }
                } catch (IOException e) {
                    stoppedBy.set(e);
                }
            }, "ping-flood");
            long started = System.nanoTime();
            flood.start();
            flood.join(FLOOD_BOUND.toMillis());
            long floodedMillis = (System.nanoTime() - started) / 1_000_000;
            boolean cutOff = !flood.isAlive();
            flood.interrupt(); // a write blocked on a full window ends only when the socket closes, below
            String seen = pingsSent.get() + " pings sent in " + floodedMillis + " ms"
                    + (cutOff ? ", then writing failed: " + stoppedBy.get() : "");
            scene.check("the server closes the flooder within " + FLOOD_BOUND.toSeconds() + " s", () -> {
                // cut off: the server closed or reset the socket. Still writable: the server may have sent its
                // close frame and be waiting for an answer, so read what it sent, looking for it
                flooder.widenReceiveBuffer();
                Ending ending = flooder.awaitEnd(Duration.ofSeconds(2));
                assertTrue(cutOff || ending.ended(), "the flooder could still write after " + seen
                        + ", and found no close frame in 2 s of reading: " + ending);
                if (ending.kind() == Ending.Kind.CLOSE_FRAME) {
                    assertEquals(1008, ending.code(), "close code: " + ending);
                    assertEquals("rate limit exceeded", ending.reason(), "close reason: " + ending);
                }
            });
            scene.checkHeapWithin(Scene.HEAP_GROWTH_BOUND, "while the flooder is still connected (" + seen + ")");
            flooder.close();
            flood.join(5_000);
            scene.finish();
        }
    }

    // ---- 3. handshakes refused, or never finished ------------------------------------------------------------------

    /** Sockets of one kind opened at once. */
    private static final int HANDSHAKES = 200;
    /** After its answer, a refused handshake's socket must be closed by the server within this. */
    private static final Duration REFUSED_CLOSE_BOUND = Duration.ofSeconds(2);
    private static final String GOOD_ORIGIN = "http://good.example";

    @ParameterizedTest
    @EnumSource(RefusedHandshake.class)
    void aRefusedHandshakeIsAnsweredWithItsStatusAndClosedHoldingNoSocket(RefusedHandshake kind) throws Exception {
        try (Scene scene = Scene.start("refused-" + kind.name().toLowerCase(), Map.of("ALLOWED_ORIGINS", GOOD_ORIGIN), ROOM)) {
            int port = scene.server().port();
            List<HostileSocket> sockets = new ArrayList<>();
            for (int i = 0; i < HANDSHAKES; i++) {
                HostileSocket socket = scene.track(HostileSocket.connect(port));
                sockets.add(socket);
                socket.write(kind.bend(HandshakeRequest.to(port, "/ws/chat?userId=h" + i)).bytes());
            }
            Map<String, Integer> statuses = new TreeMap<>();
            long[] answeredAt = new long[sockets.size()];
            long answersDue = System.nanoTime() + ANSWER_WAIT.toNanos();
            for (int i = 0; i < sockets.size(); i++) { // the answers come at about the same time: read them all first
                String status;
                try {
                    status = sockets.get(i).readHead(Duration.ofNanos(Math.max(1_000_000, answersDue - System.nanoTime())))
                            .statusLine();
                } catch (IOException e) {
                    status = "no answer: " + e;
                }
                answeredAt[i] = System.nanoTime();
                statuses.merge(status, 1, Integer::sum);
            }
            Map<String, Integer> endings = new TreeMap<>();
            for (int i = 0; i < sockets.size(); i++) { // then give each the rest of its 2 s to end
                long left = answeredAt[i] + REFUSED_CLOSE_BOUND.toNanos() - System.nanoTime();
                Ending ending = sockets.get(i).awaitEof(Duration.ofNanos(Math.max(1_000_000, left)));
                endings.merge(ending.kind().name(), 1, Integer::sum);
            }
            scene.check("every one is answered " + kind.status(), () -> assertEquals(Set.of(kind.status()), statuses.keySet().stream()
                    .map(AttackCatalogueIT::statusCode).collect(Collectors.toSet()), "answers: " + statuses));
            scene.check("every socket is closed by the server within " + REFUSED_CLOSE_BOUND.toSeconds() + " s of its answer",
                    () -> assertEquals(Map.of("EOF", HANDSHAKES), endings, "how the sockets ended (STILL_OPEN: not closed)"));
            scene.check("the server holds no descriptor for them while their clients keep their ends open", () -> Poll.assertWithin(
                    Scene.FD_SETTLE, () -> fds(scene) <= scene.baselineFds() + Scene.FD_SLACK,
                    () -> fds(scene) + " open, baseline " + scene.baselineFds() + " + slack " + Scene.FD_SLACK));
            scene.finish();
        }
    }

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(2_000);
    /** Past HANDSHAKE_TIMEOUT_MS: the deadline check's scheduling and the close on a loaded machine. */
    private static final Duration HANDSHAKE_MARGIN = Duration.ofMillis(1_500);
    /** Of the unfinished handshakes, these go on sending one header byte at a time. */
    private static final int DRIPPERS = 20;

    @Test
    void unfinishedHandshakesAreClosedByTheHandshakeDeadline() throws Exception {
        try (Scene scene = Scene.start("unfinished-handshakes",
                Map.of("HANDSHAKE_TIMEOUT_MS", String.valueOf(HANDSHAKE_TIMEOUT.toMillis())), ROOM)) {
            int port = scene.server().port();
            long started = System.nanoTime();
            List<HostileSocket> sockets = new ArrayList<>();
            for (int i = 0; i < HANDSHAKES; i++) {
                HostileSocket socket = scene.track(HostileSocket.connect(port));
                socket.write(HandshakeRequest.unfinished("/ws/chat?userId=x"));
                sockets.add(socket);
            }
            Thread drip = new Thread(() -> drip(sockets.subList(0, DRIPPERS)), "header-drip");
            drip.setDaemon(true);
            drip.start();
            Duration bound = HANDSHAKE_TIMEOUT.plus(HANDSHAKE_MARGIN);
            Map<String, Integer> endings = new TreeMap<>();
            for (HostileSocket socket : sockets) {
                long left = started + bound.toNanos() - System.nanoTime();
                Ending ending = socket.awaitEof(Duration.ofNanos(Math.max(1_000_000, left)));
                endings.merge(ending.kind() == Ending.Kind.STILL_OPEN ? "STILL_OPEN" : "closed", 1, Integer::sum);
            }
            drip.interrupt();
            scene.check("every unfinished handshake is closed within HANDSHAKE_TIMEOUT_MS + " + HANDSHAKE_MARGIN.toMillis() + " ms",
                    () -> assertEquals(Map.of("closed", HANDSHAKES), endings, "how the sockets ended"));
            scene.finish();
        }
    }

    /** Sends one more header byte to each socket every 50 ms, never the blank line, until interrupted. */
    private static void drip(List<HostileSocket> sockets) {
        byte[] header = "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
            for (HostileSocket socket : sockets) {
                try {
                    socket.write(new byte[] {header[i % header.length]});
                } catch (IOException closed) {
                    // this one was closed: the others go on
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // the pace of the drip, not a settling pause
        }
    }

    // ---- 4. and 5. Redis: a forged TALK, and deployments on two databases ------------------------------------------

    /**
     * With nobody talking, Redis serves heartbeats and retention refreshes: 0-2 commands a second measured.
     * (The bystanders' 8 TALKs a second alone cost 40: five commands a TALK, counted inside the script too.)
     */
    private static final double REDIS_IDLE_COMMANDS_PER_SECOND = 50;
    /** With the room left by everyone there is nothing to read: the heartbeats of two subscriber connections. */
    private static final double REDIS_NO_ROOMS_COMMANDS_PER_SECOND = 10;
    /** How long a server may take to stop working on a forged TALK. */
    private static final Duration REDIS_CALM_BOUND = Duration.ofSeconds(5);
    /** Rate windows: long enough to count a few commands. */
    private static final Duration RATE_WINDOW = Duration.ofSeconds(1);
    /** A server nobody talks to was measured at 0.00 cores; the forged TALK's loop keeps 0.6 of one busy today. */
    private static final double IDLE_CORES = 0.1;

    @Test
    void aForgedTalkAboveTheRoomsCounterIsResyncedAndLeavesRedisIdle() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisProbe probe = new RedisProbe(redis.port());
             Scene scene = Scene.start("redis-forged-seq", Map.of("REDIS_URL", redis.url()), ROOM)) {
            scene.bystanders().awaitStreamDelivered(3, ANSWER_WAIT);
            long counter = Long.parseLong(probe.get("chat:{" + ROOM + "}:seq"));
            String forged = "{\"type\":\"TALK\",\"roomId\":\"" + ROOM + "\",\"userId\":\"mallory\",\"message\":\"x\",\"ts\":"
                    + Instant.now().toEpochMilli() + ",\"seq\":" + (counter + 1000) + "}";
            scene.check("the forged TALK reaches the server's subscription", () -> assertTrue(
                    probe.publish("chat.room." + ROOM, forged) >= 1, "no subscriber on chat.room." + ROOM));
            scene.check("both members get a RESYNC for room r", () -> {
                for (ChatPeer member : scene.bystanders().both()) {
                    Poll.assertWithin(REDIS_CALM_BOUND, () -> member.hasReceived(f -> "RESYNC".equals(f.path("type").asText())
                            && ROOM.equals(f.path("roomId").asText())), () -> member.name() + " got no RESYNC");
                }
            });
            scene.checkBystanders(); // the stream ran before, during and after the forged TALK; now nobody talks
            scene.check("with nobody talking, Redis falls back under " + (int) REDIS_IDLE_COMMANDS_PER_SECOND + " commands/s within "
                    + REDIS_CALM_BOUND.toSeconds() + " s", () -> expectRedisRateUnder(probe, REDIS_IDLE_COMMANDS_PER_SECOND));
            scene.check("the server's CPU is idle", () -> {
                double cores = scene.gauges().coresBusy(RATE_WINDOW);
                assertTrue(cores <= IDLE_CORES, String.format("%.2f cores busy", cores));
            });
            for (ChatPeer member : scene.bystanders().both()) {
                member.leave(ROOM);
            }
            scene.check("with the room left by everyone, Redis falls under " + (int) REDIS_NO_ROOMS_COMMANDS_PER_SECOND
                    + " commands/s: no reads go on", () -> expectRedisRateUnder(probe, REDIS_NO_ROOMS_COMMANDS_PER_SECOND));
            scene.finish();
        }
    }

    /**
     * Beyond the brief: whoever can publish on Redis can bypass the client-side checks of attack 1. A forged
     * ENTER carries no seq, so the room's feed hands it to every member as it is; a lone surrogate in it
     * silences the room as a client's TALK does today. Junk on the channel must not leave a trace either.
     */
    @Test
    void forgedMessagesOnARoomsChannelNeitherSilenceTheRoomNorLogStackTraces() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisProbe probe = new RedisProbe(redis.port());
             Scene scene = Scene.start("redis-forged-surrogate", Map.of("REDIS_URL", redis.url()), ROOM)) {
            scene.bystanders().awaitStreamDelivered(3, ANSWER_WAIT);
            String channel = "chat.room." + ROOM;
            scene.check("junk on the room's channel reaches the server's subscription", () -> {
                assertTrue(probe.publish(channel, "not json {") >= 1, "no subscriber on " + channel);
                probe.publish(channel, "{\"type\":\"TALK\",\"roomId\":\"" + ROOM + "\"}");
            });
            scene.check("a forged ENTER with a lone surrogate in its userId reaches the server's subscription", () -> assertTrue(
                    probe.publish(channel, "{\"type\":\"ENTER\",\"roomId\":\"" + ROOM + "\",\"userId\":\"mal\\ud800\","
                            + "\"message\":\"\",\"ts\":" + Instant.now().toEpochMilli() + "}") >= 1, "no subscriber on " + channel));
            scene.finish();
        }
    }

    @Test
    void deploymentsOnRedisDatabases0And1DoNotHearEachOther() throws Exception {
        try (RedisServer redis = RedisServer.start();
             RedisProbe probe = new RedisProbe(redis.port());
             Scene scene = Scene.start("redis-db0", Map.of("REDIS_URL", redis.url() + "/0"), ROOM);
             ServerProcess other = ServerProcess.start("redis-db1", Map.of("REDIS_URL", redis.url() + "/1"));
             ChatPeer wendy = ChatPeer.connect(other.chatUri(), "wendy");
             ChatPeer mallory = ChatPeer.connect(other.chatUri(), "mallory")) {
            scene.check("the database-1 server serves room r to its own members", () -> {
                wendy.enter(ROOM);
                wendy.awaitOwn("ENTER", ROOM, ANSWER_WAIT);
                mallory.enter(ROOM);
                mallory.awaitOwn("ENTER", ROOM, ANSWER_WAIT);
                for (int i = 0; i < 3; i++) {
                    mallory.talk(ROOM, "leak-" + i);
                    mallory.awaitOwn("TALK", ROOM, ANSWER_WAIT);
                }
                mallory.leave(ROOM);
                // wendy sees the LEAVE once Redis passed it on: anything database 1 published is out by now
                wendy.await("mallory's LEAVE", ANSWER_WAIT, f -> Bystanders.isRoomTraffic(f, "LEAVE", ROOM, "mallory"));
            });
            scene.checkBystanders(); // the stream's last TALK is published after that LEAVE
            scene.check("members on database 0 receive nothing of room r on database 1, and no RESYNC", () -> {
                List<String> leaked = new ArrayList<>();
                for (ChatPeer member : scene.bystanders().both()) {
                    for (JsonNode f : member.texts()) {
                        String user = f.path("userId").asText();
                        if (user.equals("wendy") || user.equals("mallory") || f.path("type").asText().equals("RESYNC")) {
                            leaked.add(member.name() + " got " + ChatPeer.abbreviate(f.toString()));
                        }
                    }
                }
                assertTrue(leaked.isEmpty(), leaked.size() + " frames: " + leaked);
            });
            scene.check("Redis is idle with nobody talking", () -> expectRedisRateUnder(probe, REDIS_IDLE_COMMANDS_PER_SECOND));
            wendy.close();
            mallory.close();
            scene.check("the database-1 server stops cleanly and logged no stack trace", () -> {
                assertEquals(0, other.stop(), "exit code");
                assertTrue(other.output().stackTraceLines().isEmpty(), other.output().firstStackTraceInContext());
            });
            scene.finish();
        }
    }

    private static void expectRedisRateUnder(RedisProbe probe, double bound) {
        long deadline = System.nanoTime() + REDIS_CALM_BOUND.toNanos();
        double rate;
        do {
            rate = probe.commandsPerSecond(RATE_WINDOW);
        } while (rate >= bound && System.nanoTime() < deadline);
        assertTrue(rate < bound, String.format("Redis still processes %.0f commands/s", rate));
    }

    // ---- 6. histories that pin memory ------------------------------------------------------------------------------

    private static final int HISTORY_MAX_BYTES = 16 * 1024 * 1024;
    /** The brief's bound for the history-pinning attack: the 16 MiB of history plus its bookkeeping. */
    private static final long PINNING_HEAP_GROWTH_BOUND = 48L << 20;
    private static final int PINNERS = 4;
    /** 12,000 rooms of one 8,000-character TALK: about 96 MB of text, six times HISTORY_MAX_BYTES. */
    private static final int PINNED_ROOMS = 12_000;
    private static final Duration PINNING_DURATION = Duration.ofSeconds(15);

    @Test
    void historiesOfAbandonedRoomsAreBoundedByHistoryMaxBytes() throws Exception {
        Map<String, String> env = new HashMap<>(NO_RATE_LIMIT);
        env.put("HISTORY_MAX_BYTES", String.valueOf(HISTORY_MAX_BYTES));
        try (Scene scene = Scene.start("history-pinning-bytes", env, ROOM)) {
            String talk = "x".repeat(8_000);
            AtomicInteger rooms = new AtomicInteger();
            long deadline = System.nanoTime() + PINNING_DURATION.toNanos();
            List<Thread> pinners = new ArrayList<>();
            List<ChatPeer> peers = new ArrayList<>();
            for (int p = 0; p < PINNERS; p++) {
                ChatPeer pinner = scene.track(ChatPeer.connectQuiet(scene.chatUri(), "pinner" + p));
                peers.add(pinner);
                int id = p;
                pinners.add(new Thread(() -> pin(pinner, "p" + id + "-", talk, rooms, deadline), "pinner-" + p));
            }
            pinners.forEach(Thread::start);
            for (Thread t : pinners) {
                t.join(PINNING_DURATION.toMillis() + 10_000);
            }
            String made = rooms.get() + " rooms with an 8,000-character TALK made";
            scene.check("/metrics counts chat_limits_reached_total{limit=\"history_bytes\"} (" + made + ")", () -> {
                Metrics m = scene.server().scrape();
                assertTrue(m.sum("chat_limits_reached_total", Map.of("limit", "history_bytes")) > 0,
                        m.describe("chat_limits_reached_total"));
            });
            scene.check("the pinners received valid UTF-8", () -> peers.forEach(p -> assertTrue(p.problems().isEmpty(), p.problems().toString())));
            scene.finish(PINNING_HEAP_GROWTH_BOUND);
        }
    }

    /** ENTER, TALK, LEAVE on fresh rooms until {@link #PINNED_ROOMS} are made or the deadline passes. */
    private static void pin(ChatPeer pinner, String prefix, String talk, AtomicInteger rooms, long deadline) {
        for (int i = 0; System.nanoTime() < deadline && rooms.get() < PINNED_ROOMS; i++) {
            String room = prefix + i;
            try {
                pinner.send(ClientFrame.text("{\"type\":\"ENTER\",\"roomId\":\"" + room + "\"}"),
                        ClientFrame.text("{\"type\":\"TALK\",\"roomId\":\"" + room + "\",\"message\":\"" + talk + "\"}"),
                        ClientFrame.text("{\"type\":\"LEAVE\",\"roomId\":\"" + room + "\"}"));
            } catch (AssertionError closed) {
                return;
            }
            rooms.incrementAndGet();
        }
    }

    private static final int HISTORY_MAX_ROOMS = 500;
    private static final int ROOMS_MADE = 800;

    @Test
    void historiesOfAbandonedRoomsAreBoundedByHistoryMaxRooms() throws Exception {
        Map<String, String> env = new HashMap<>(NO_RATE_LIMIT);
        env.put("HISTORY_MAX_ROOMS", String.valueOf(HISTORY_MAX_ROOMS));
        try (Scene scene = Scene.start("history-pinning-rooms", env, ROOM)) {
            ChatPeer pinner = scene.track(ChatPeer.connectQuiet(scene.chatUri(), "pinner"));
            for (int i = 0; i < ROOMS_MADE; i++) {
                String room = "q-" + i;
                pinner.send(ClientFrame.text("{\"type\":\"ENTER\",\"roomId\":\"" + room + "\"}"),
                        ClientFrame.text("{\"type\":\"TALK\",\"roomId\":\"" + room + "\",\"message\":\"kept " + i + "\"}"),
                        ClientFrame.text("{\"type\":\"LEAVE\",\"roomId\":\"" + room + "\"}"));
            }
            // each room's ENTER and TALK come back to the pinner: all processed once 2 x ROOMS_MADE frames arrived
            Poll.assertWithin(Duration.ofSeconds(20), () -> pinner.framesReceived() >= 2L * ROOMS_MADE,
                    () -> pinner.framesReceived() + " of " + 2 * ROOMS_MADE + " echoes");
            ChatPeer nina = scene.track(ChatPeer.connect(scene.chatUri(), "nina"));
            scene.check("/metrics counts chat_limits_reached_total{limit=\"history_rooms\"}", () -> {
                Metrics m = scene.server().scrape();
                assertTrue(m.sum("chat_limits_reached_total", Map.of("limit", "history_rooms")) > 0,
                        m.describe("chat_limits_reached_total"));
            });
            scene.check("the earliest room's history is gone: ENTER with lastSeq 0 replays no TALK",
                    () -> assertEquals(List.of(), replayedTalks(nina, "q-0"), "replayed"));
            scene.check("the latest room's history is kept: ENTER with lastSeq 0 replays its TALK",
                    () -> assertEquals(List.of("kept " + (ROOMS_MADE - 1)), replayedTalks(nina, "q-" + (ROOMS_MADE - 1)), "replayed"));
            scene.finish();
        }
    }

    /** ENTERs {@code room} with lastSeq 0 and returns the messages of the TALKs replayed before the ENTER's echo. */
    private static List<String> replayedTalks(ChatPeer peer, String room) {
        peer.enter(room, 0);
        List<String> talks = new ArrayList<>();
        peer.await("own ENTER in " + room, ANSWER_WAIT, f -> {
            if ("TALK".equals(f.path("type").asText()) && room.equals(f.path("roomId").asText())) {
                talks.add(f.path("message").asText());
            }
            return Bystanders.isRoomTraffic(f, "ENTER", room, peer.name());
        });
        return talks;
    }

    // ---- 7. HISTORY amplification ----------------------------------------------------------------------------------

    private static final int BIG_TALKS = 100;
    private static final int QUOTES = 8_192;
    /** The largest HISTORY answer allowed: 128 KiB, twice the largest client frame. */
    private static final int MAX_HISTORY_FRAME = 131_072;
    /** Half of the default OUTBOUND_QUEUE_BYTES: what one replay may queue. */
    private static final long MAX_REPLAY_BYTES = 524_288;

    @Test
    void aHistoryRequestIsAnsweredInPagesOfAtMost128KiB() throws Exception {
        Map<String, String> env = new HashMap<>(NO_RATE_LIMIT);
        env.put("HISTORY_SIZE", "1000"); // the room's whole history, the bystanders' stream included, so paging reaches seq 1
        try (Scene scene = Scene.start("history-amplification", env, ROOM)) {
            ChatPeer mallory = scene.member("mallory", ROOM);
            String quotes = Payloads.escapedQuotes(QUOTES);
            for (int i = 0; i < BIG_TALKS; i++) {
                mallory.send(Payloads.talkRaw(ROOM, quotes));
            }
            mallory.talk(ROOM, "done");
            mallory.await("own TALK 'done'", Duration.ofSeconds(20), f -> Bystanders.isRoomTraffic(f, "TALK", ROOM, "mallory")
                    && "done".equals(f.path("message").asText()));
            mallory.send(Payloads.history(ROOM, 100));
            scene.check("the answer is a HISTORY frame of at most " + MAX_HISTORY_FRAME + " bytes saying more:true", () -> {
                JsonNode page = awaitHistory(mallory);
                int size = mallory.wireSize(page);
                assertTrue(size <= MAX_HISTORY_FRAME, "HISTORY frame of " + size + " bytes with "
                        + page.path("messages").size() + " messages");
                assertTrue(page.path("more").asBoolean(), "more: " + page.path("more"));
                pageBackToSeqOne(mallory, page);
            });
            scene.check("a resume from lastSeq 0 gets a RESYNC and at most " + MAX_REPLAY_BYTES + " bytes of TALKs, and stays open",
                    () -> expectBoundedReplay(scene));
            scene.finish();
        }
    }

    private static JsonNode awaitHistory(ChatPeer peer) {
        return peer.await("a HISTORY answer", Duration.ofSeconds(10), f -> "HISTORY".equals(f.path("type").asText())
                || "ERROR".equals(f.path("type").asText()));
    }

    /** Pages back with beforeSeq = the first seq of each page; checks sizes, and seqs from 1 to the newest once each. */
    private static void pageBackToSeqOne(ChatPeer peer, JsonNode first) {
        List<Long> seqs = new ArrayList<>(); // newest page first, each page ascending
        List<String> pageNotes = new ArrayList<>();
        JsonNode page = first;
        for (int pages = 1; ; pages++) {
            assertEquals("HISTORY", page.path("type").asText(), "page " + pages + ": " + ChatPeer.abbreviate(page.toString()));
            int size = peer.wireSize(page);
            pageNotes.add(page.path("messages").size() + " TALKs/" + size + " B");
            assertTrue(size <= MAX_HISTORY_FRAME, "page " + pages + " is " + size + " bytes");
            List<Long> pageSeqs = new ArrayList<>();
            page.path("messages").forEach(m -> pageSeqs.add(m.path("seq").asLong()));
            assertTrue(!pageSeqs.isEmpty() || !page.path("more").asBoolean(), "page " + pages + " is empty but says more");
            seqs.addAll(0, pageSeqs);
            if (!page.path("more").asBoolean() || pageSeqs.isEmpty()) {
                break;
            }
            assertTrue(pages < 1_000, () -> "more than 1,000 pages: " + pageNotes.subList(0, 5));
            peer.send(Payloads.history(ROOM, pageSeqs.get(0), 100));
            page = awaitHistory(peer);
        }
        long newest = seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= newest; s++) {
            expected.add(s);
        }
        assertEquals(expected, seqs, "seqs paged back (pages: " + pageNotes + ")");
    }

    private static void expectBoundedReplay(Scene scene) {
        ChatPeer nina = scene.track(ChatPeer.connect(scene.chatUri(), "nina"));
        nina.enter(ROOM, 0);
        long[] talkBytes = {0};
        boolean[] resync = {false};
        nina.await("own ENTER after the replay", Duration.ofSeconds(10), f -> {
            if ("RESYNC".equals(f.path("type").asText())) {
                resync[0] = true;
            } else if ("TALK".equals(f.path("type").asText())) {
                talkBytes[0] += nina.wireSize(f);
            }
            return Bystanders.isRoomTraffic(f, "ENTER", ROOM, "nina");
        });
        assertTrue(resync[0], "no RESYNC before the replayed TALKs");
        assertTrue(talkBytes[0] <= MAX_REPLAY_BYTES, "replayed " + talkBytes[0] + " bytes of TALKs");
        assertTrue(nina.ending() == null, "closed: " + nina.ending());
    }

    // ---- 8. metric cardinality from close codes --------------------------------------------------------------------

    /** A dashboard-friendly bound on the {@code code} label of chat_connections_closed_total. */
    private static final int MAX_CLOSE_CODE_SERIES = 20;

    @Test
    void closeCodesChosenByClientsDoNotMultiplyMetricSeries() throws Exception {
        try (Scene scene = Scene.start("close-code-cardinality", Map.of(), ROOM)) {
            double closedBefore = scene.server().scrape().sum("chat_connections_closed_total");
            List<Integer> codes = new ArrayList<>(List.of(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014));
            for (int c = 3000; codes.size() < 106; c++) {
                codes.add(c);
            }
            for (int c = 4000; codes.size() < HANDSHAKES; c++) {
                codes.add(c);
            }
            for (int i = 0; i < codes.size(); i++) {
                try (HostileSocket closer = HostileSocket.connect(scene.server().port())) {
                    HttpHead head = closer.upgrade("/ws/chat?userId=closer" + i, ANSWER_WAIT);
                    assertEquals(101, head.status(), head.statusLine());
                    closer.send(ClientFrame.close(codes.get(i), ""));
                    closer.awaitEnd(ANSWER_WAIT);
                }
            }
            scene.check("every close is counted", () -> Poll.assertWithin(ANSWER_WAIT,
                    () -> closedTotal(scene) >= closedBefore + codes.size(),
                    () -> (closedTotal(scene) - closedBefore) + " of " + codes.size() + " closes counted"));
            scene.check("chat_connections_closed_total has at most " + MAX_CLOSE_CODE_SERIES + " code values, unusual ones as \"other\"", () -> {
                Metrics m = scene.server().scrape();
                Set<String> values = m.labelValues("chat_connections_closed_total", "code");
                assertTrue(values.size() <= MAX_CLOSE_CODE_SERIES, values.size() + " code values: " + abbreviate(values));
                assertTrue(values.contains("other"), "no code=\"other\": " + abbreviate(values));
            });
            scene.finish();
        }
    }

    private static double closedTotal(Scene scene) {
        try {
            return scene.server().scrape().sum("chat_connections_closed_total");
        } catch (IOException e) {
            throw new AssertionError("cannot scrape /metrics: " + e, e);
        }
    }

    // ---- 9. what a reviewer expects besides ------------------------------------------------------------------------

    private static final Map<String, String> SLOW_CONSUMER_ENV = Map.of("OUTBOUND_QUEUE_BYTES", "262144",
            "SEND_TIMEOUT_MS", "2000", "RATE_BURST", "1000000", "RATE_PER_SECOND", "1000000");
    /** TALKs of 8,000 characters the busy room gets before its ordinary members must have read them. */
    private static final int BUSY_BURST = 20;
    /** The busy room fills a 256 KiB queue and the sockets' buffers within a second or two; the stalled-write check adds 2 s. */
    private static final Duration SLOW_CONSUMER_BOUND = Duration.ofSeconds(10);

    @Test
    void aMemberThatNeverReadsIsClosedAsASlowConsumerAndReleasesItsSocket() throws Exception {
        try (Scene scene = Scene.start("slow-consumer", SLOW_CONSUMER_ENV, ROOM)) {
            ChatPeer chatty = scene.member("chatty", ROOM);
            int fdsBefore = scene.gauges().openFileDescriptors();
            HostileSocket sloth = scene.track(HostileSocket.connect(scene.server().port(), TINY_RECEIVE_BUFFER));
            assertEquals(101, sloth.upgrade("/ws/chat?userId=sloth", ANSWER_WAIT).status());
            sloth.send(ClientFrame.text("{\"type\":\"ENTER\",\"roomId\":\"" + ROOM + "\"}"));
            int fdsWithSloth = fdsBefore + 1;
            String big = "y".repeat(8_000);
            long deadline = System.nanoTime() + SLOW_CONSUMER_BOUND.toNanos();
            double closed = 0;
            int talks = 0;
            while (closed < 1 && System.nanoTime() < deadline) {
                for (int i = 0; i < BUSY_BURST; i++, talks++) {
                    chatty.talk(ROOM, big + talks);
                }
                // as busy as ordinary members can read: at most one burst (160 KB) behind, under their 256 KiB queue
                String last = big + (talks - 1);
                Poll.until(ANSWER_WAIT, () -> scene.bystanders().both().stream().allMatch(m -> m.hasReceived(
                        f -> last.equals(f.path("message").asText())) || m.ending() != null));
                closed = scene.server().scrape().sum("chat_slow_consumer_disconnects_total");
            }
            double slowClosed = closed;
            String seen = talks + " TALKs of 8,000 characters sent";
            scene.check("the never-reading member is closed as a slow consumer", () -> assertTrue(slowClosed >= 1,
                    "chat_slow_consumer_disconnects_total " + slowClosed + " after " + seen));
            scene.check("its socket is released while it still does not read", () -> Poll.assertWithin(Duration.ofSeconds(5),
                    () -> fds(scene) < fdsWithSloth, () -> fds(scene) + " descriptors open, " + fdsWithSloth + " with the sloth"));
            scene.check("it sees 1008 slow consumer, or its socket ended", () -> {
                sloth.widenReceiveBuffer(); // drains the megabytes the kernel still holds for it in a moment
                Ending ending = sloth.awaitEnd(Duration.ofSeconds(5));
                assertTrue(ending.ended(), "still open: " + ending);
                if (ending.kind() == Ending.Kind.CLOSE_FRAME) {
                    assertEquals(1008, ending.code(), ending.toString());
                    assertEquals("slow consumer", ending.reason(), ending.toString());
                }
            });
            scene.finish();
        }
    }

    private static int fds(Scene scene) {
        try {
            return scene.gauges().openFileDescriptors();
        } catch (IOException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolViolation.class, names = {"FRAGMENTS_BEYOND_64_KIB", "RESERVED_OPCODE_3", "UNMASKED_FRAME",
        "INVALID_UTF8_TEXT", "BINARY_FRAME"})
    void aProtocolViolationClosesOnlyTheViolatorWithItsCode(ProtocolViolation violation) throws Exception {
        try (Scene scene = Scene.start("violation-" + violation.name().toLowerCase(), Map.of(), ROOM)) {
            violate(scene, violation, "mallory");
            scene.finish();
        }
    }

    /** The violations beyond the brief, one violator each, on one server: they all pass today and guard the defence. */
    @Test
    void otherProtocolViolationsCloseEachViolatorWithTheRfcCode() throws Exception {
        try (Scene scene = Scene.start("violations-beyond-the-brief", Map.of(), ROOM)) {
            ProtocolViolation[] all = ProtocolViolation.values();
            for (int i = ProtocolViolation.PING_OVER_125_BYTES.ordinal(); i < all.length; i++) {
                violate(scene, all[i], "mallory" + i);
            }
            scene.finish();
        }
    }

    private static void violate(Scene scene, ProtocolViolation violation, String user) {
        ChatPeer violator = scene.member(user, ROOM);
        violator.send(violation.frames());
        scene.check(violation + " closes its sender with " + violation.code(), () -> {
            Ending ending = violator.awaitEnding(CLOSE_WAIT);
            assertTrue(ending.isCloseFrame(violation.code()), "ended: " + ending);
        });
    }

    @Test
    void twentyThousandNestedArraysAreRefusedAsBadJson() throws Exception {
        try (Scene scene = Scene.start("deep-json", Map.of(), ROOM)) {
            ChatPeer mallory = scene.member("mallory", ROOM);
            mallory.send(Payloads.nestedArrays(20_000));
            scene.check("a bare 20,000-deep array gets ERROR BAD_JSON", () -> expectError(mallory, "BAD_JSON", null));
            mallory.send(Payloads.talkWithDeepField(ROOM, 20_000));
            scene.check("a TALK with a 20,000-deep field gets ERROR BAD_JSON", () -> expectError(mallory, "BAD_JSON", null));
            scene.check("the sender is still served", () -> expectStillServed(mallory));
            scene.finish();
        }
    }

    @Test
    void aTextFrameFloodIsRateLimitedThenClosed() throws Exception {
        try (Scene scene = Scene.start("text-flood", Map.of(), ROOM)) {
            ChatPeer mallory = scene.member("mallory", ROOM);
            ClientFrame[] flood = new ClientFrame[200];
            Arrays.fill(flood, ClientFrame.text("{\"type\":\"PING\"}"));
            mallory.send(flood);
            scene.check("the flooder gets ERROR RATE_LIMITED", () -> mallory.await("ERROR RATE_LIMITED", ANSWER_WAIT,
                    f -> "ERROR".equals(f.path("type").asText()) && "RATE_LIMITED".equals(f.path("code").asText())));
            scene.check("then it is closed with 1008 rate limit exceeded", () -> {
                Ending ending = mallory.awaitEnding(CLOSE_WAIT);
                assertTrue(ending.isCloseFrame(1008) && ending.reason().equals("rate limit exceeded"), "ended: " + ending);
            });
            scene.finish();
        }
    }

    /** The default MAX_CONNECTIONS_PER_USER. */
    private static final int PER_USER = 20;

    @Test
    void theTwentyFirstConnectionOfOneUserIdIsClosedWith1008() throws Exception {
        try (Scene scene = Scene.start("per-user-limit", Map.of(), ROOM)) {
            List<ChatPeer> twins = new ArrayList<>();
            for (int i = 0; i < PER_USER; i++) {
                twins.add(scene.member("twin", ROOM));
            }
            ChatPeer extra = scene.track(ChatPeer.connect(scene.chatUri(), "twin"));
            scene.check("the 21st is closed with 1008", () -> {
                Ending ending = extra.awaitEnding(DOOR_WAIT);
                assertTrue(ending.isCloseFrame(1008), "ended: " + ending);
            });
            scene.check("the first 20 stay open", () -> twins.forEach(t -> assertTrue(t.ending() == null,
                    "a twin was closed: " + t.ending())));
            scene.finish();
        }
    }

    private static final String SECRET = "attack-catalogue-secret-of-at-least-32-bytes";

    @Test
    void aTokenWithACritHeaderIsRefusedAtTheDoor() throws Exception {
        UnaryOperator<String> signed = user -> "token=" + token(user, Map.of());
        try (Scene scene = Scene.start("crit-token", Map.of("AUTH_SECRET", SECRET), signed, ROOM)) {
            String crit = token("mallory", Map.of("crit", List.of("urn:attack:must-understand"), "urn:attack:must-understand", true));
            ChatPeer mallory = scene.track(ChatPeer.connectWithQuery(scene.chatUri(), "token=" + crit, "mallory"));
            scene.check("a token whose crit header names an unknown extension is closed with 1008", () -> {
                Ending ending = mallory.awaitEnding(DOOR_WAIT);
                if (!ending.ended()) {
                    mallory.enter(ROOM);
                    fail("still open " + DOOR_WAIT.toMillis() + " ms after the handshake; its ENTER: "
                            + ChatPeer.abbreviate(mallory.next(ANSWER_WAIT).toString()));
                }
                assertTrue(ending.isCloseFrame(1008), "ended: " + ending);
            });
            scene.finish();
        }
    }

    private static String token(String subject, Map<String, Object> header) {
        return JWT.create().withHeader(header).withSubject(subject)
                .withExpiresAt(Instant.now().plus(Duration.ofMinutes(10)))
                .sign(Algorithm.HMAC256(SECRET));
    }

    // ---- shared expectations ---------------------------------------------------------------------------------------

    /** The sender's answer to its last frame (the first ERROR, or its own TALK) is ERROR {@code code}. */
    private static void expectError(ChatPeer peer, String code, String roomId) {
        JsonNode answer = peer.await("an answer (ERROR, or its own TALK)", ANSWER_WAIT, f -> "ERROR".equals(f.path("type").asText())
                || "TALK".equals(f.path("type").asText()) && peer.name().equals(f.path("userId").asText()));
        assertEquals("ERROR", answer.path("type").asText(), "answered with " + ChatPeer.abbreviate(answer.toString()));
        assertEquals(code, answer.path("code").asText(), "code of " + answer);
        if (roomId != null) {
            assertEquals(roomId, answer.path("roomId").asText(), "roomId of " + answer);
        }
    }

    /** The peer's connection still works: a TALK of its own comes back. */
    private static void expectStillServed(ChatPeer peer) {
        peer.talk(ROOM, "still-here");
        peer.await("own TALK 'still-here'", ANSWER_WAIT, f -> Bystanders.isRoomTraffic(f, "TALK", ROOM, peer.name())
                && "still-here".equals(f.path("message").asText()));
        assertTrue(peer.problems().isEmpty(), "received " + peer.problems());
    }

    /** A newcomer resuming from lastSeq 0 gets stored TALKs (the stream's), its ENTER, then live TALKs. */
    private static void expectHistoryAndLiveTraffic(Scene scene, String user) {
        ChatPeer newcomer = scene.track(ChatPeer.connect(scene.chatUri(), user));
        List<String> replayed = replayedTalks(newcomer, ROOM);
        assertTrue(!replayed.isEmpty(), "no TALK replayed");
        newcomer.await("a live TALK of the stream", ANSWER_WAIT, f -> Bystanders.isRoomTraffic(f, "TALK", ROOM, Bystanders.TALKER));
        assertTrue(newcomer.problems().isEmpty(), "received " + newcomer.problems());
    }

    private static void expectNoTalkFrom(Scene scene, String user) {
        for (ChatPeer member : scene.bystanders().both()) {
            List<String> got = member.texts().stream().filter(f -> Bystanders.isRoomTraffic(f, "TALK", ROOM, user))
                    .map(f -> ChatPeer.abbreviate(f.toString())).toList();
            assertTrue(got.isEmpty(), member.name() + " received " + got);
        }
    }

    private static int statusCode(String statusLine) {
        String[] parts = statusLine.split(" ");
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String abbreviate(Set<String> values) {
        List<String> list = new ArrayList<>(values);
        return list.size() <= 12 ? list.toString() : list.subList(0, 12) + "... (" + list.size() + ")";
    }
}
