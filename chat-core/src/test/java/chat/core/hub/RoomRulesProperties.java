package chat.core.hub;

import chat.core.broker.inprocess.InProcessBroker;
import chat.core.events.ChatEvents;
import chat.core.events.FrameKind;
import chat.core.history.HistoryPolicy;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ErrorCode;
import chat.core.protocol.HistoryRequest;
import chat.core.testing.ManualClock;
import chat.core.testing.RecordingConnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The room rules against a reference model, for generated sequences of ENTER (plain and resuming),
 * TALK, LEAVE, HISTORY, close and reconnect from four connections over three rooms. The hub runs on
 * the in-process broker with writes on the calling thread, so every frame each connection must
 * receive is known exactly; after each sequence the registry, the counters and the metrics events
 * must match the model too. On a failure QuickTheories shrinks to the shortest sequence that fails.
 */
class RoomRulesProperties {
    private static final List<String> USERS = List.of("alice", "bob", "carol", "dave");
    private static final List<String> ROOMS = List.of("r0", "r1", "r2");
    private static final int MAX_ROOMS = 2;

    enum Kind { ENTER, RESUME, TALK, LEAVE, HISTORY, CLOSE, OPEN }

    record Action(Kind kind, int actor, String room) {
        @Override
        public String toString() {
            return USERS.get(actor) + " " + kind + (kind == Kind.CLOSE || kind == Kind.OPEN ? "" : " " + room);
        }
    }

    static Gen<List<Action>> scripts() {
        Gen<Action> action = Generate.enumValues(Kind.class).zip(Generate.range(0, USERS.size() - 1),
                Generate.pick(ROOMS), Action::new);
        return lists().of(action).ofSizeBetween(1, 60);
    }

    /** What the hub reports, counted. */
    static final class CountingEvents implements ChatEvents {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger published = new AtomicInteger();
        final Map<ErrorCode, AtomicInteger> errors = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> frames = new ConcurrentHashMap<>();

        @Override
        public void connectionOpened() {
            opened.incrementAndGet();
        }

        @Override
        public void messagePublished() {
            published.incrementAndGet();
        }

        @Override
        public void errorSent(ErrorCode code) {
            errors.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void frameReceived(FrameKind kind) {
            frames.computeIfAbsent(kind.name(), t -> new AtomicInteger()).incrementAndGet();
        }

        Map<ErrorCode, Integer> errorCounts() {
            Map<ErrorCode, Integer> out = new EnumMap<>(ErrorCode.class);
            errors.forEach((code, n) -> out.put(code, n.get()));
            return out;
        }

        Map<String, Integer> frameCounts() {
            Map<String, Integer> out = new HashMap<>();
            frames.forEach((type, n) -> out.put(type, n.get()));
            return out;
        }
    }

    /** The reference model: who is where, each room's numbering, and what each connection must have received. */
    static final class Model {
        final boolean[] open = new boolean[USERS.size()];
        final List<Set<String>> rooms = new ArrayList<>();
        final List<List<String>> expected = new ArrayList<>();
        final Map<String, Long> seq = new HashMap<>();
        int opened;
        int published;
        final Map<ErrorCode, Integer> errors = new EnumMap<>(ErrorCode.class);
        final Map<String, Integer> frames = new HashMap<>();

        Model() {
            for (int i = 0; i < USERS.size(); i++) {
                rooms.add(new LinkedHashSet<>());
                expected.add(new ArrayList<>());
            }
        }

        List<Integer> membersOf(String room) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < USERS.size(); i++) {
                if (open[i] && rooms.get(i).contains(room)) {
                    members.add(i);
                }
            }
            return members;
        }

        void toMembers(String room, String line) {
            membersOf(room).forEach(i -> expected.get(i).add(line));
        }

        void error(int actor, ErrorCode code, String room) {
            expected.get(actor).add("ERROR:" + code + ":" + room);
            errors.merge(code, 1, Integer::sum);
        }

        void frame(String type) {
            frames.merge(type, 1, Integer::sum);
        }

        void open(int actor) {
            open[actor] = true;
            rooms.get(actor).clear();
            expected.get(actor).clear();
            opened++;
        }

        void apply(Action a) {
            int i = a.actor();
            String user = USERS.get(i);
            String room = a.room();
            Set<String> in = rooms.get(i);
            switch (a.kind()) {
                case OPEN -> {
                    if (!open[i]) {
                        open(i);
                    }
                }
                case CLOSE -> {
                    if (open[i]) {
                        open[i] = false;
                        for (String r : in) {
                            toMembers(r, "LEAVE:" + r + ":" + user);
                            published++;
                        }
                        in.clear();
                    }
                }
                case ENTER, RESUME -> {
                    if (!open[i]) {
                        return;
                    }
                    frame("ENTER");
                    if (in.contains(room)) {
                        return;
                    }
                    if (in.size() >= MAX_ROOMS) {
                        error(i, ErrorCode.TOO_MANY_ROOMS, room);
                        return;
                    }
                    if (a.kind() == Kind.RESUME) {
                        for (long s = 1; s <= seq.getOrDefault(room, 0L); s++) {
                            expected.get(i).add("TALK#" + s);
                        }
                    }
                    in.add(room);
                    toMembers(room, "ENTER:" + room + ":" + user);
                    published++;
                }
                case TALK -> {
                    if (!open[i]) {
                        return;
                    }
                    frame("TALK");
                    if (!in.contains(room)) {
                        error(i, ErrorCode.NOT_IN_ROOM, room);
                        return;
                    }
                    long s = seq.merge(room, 1L, Long::sum);
                    toMembers(room, "TALK#" + s);
                    published++;
                }
                case LEAVE -> {
                    if (!open[i]) {
                        return;
                    }
                    frame("LEAVE");
                    if (!in.remove(room)) {
                        error(i, ErrorCode.NOT_IN_ROOM, room);
                        return;
                    }
                    toMembers(room, "LEAVE:" + room + ":" + user);
                    published++;
                }
                case HISTORY -> {
                    if (!open[i]) {
                        return;
                    }
                    frame("HISTORY");
                    if (!in.contains(room)) {
                        error(i, ErrorCode.NOT_IN_ROOM, room);
                        return;
                    }
                    long latest = seq.getOrDefault(room, 0L);
                    long first = Math.max(1, latest - HistoryRequest.DEFAULT_LIMIT + 1);
                    List<Long> page = new ArrayList<>();
                    for (long s = first; s <= latest; s++) {
                        page.add(s);
                    }
                    expected.get(i).add("HISTORY:" + room + ":" + page + ":" + (first > 1));
                }
            }
        }

        long roomsWithMembers() {
            return ROOMS.stream().filter(r -> !membersOf(r).isEmpty()).count();
        }
    }

    private static String line(JsonNode frame) {
        return switch (frame.path("type").asText()) {
            case "TALK" -> "TALK#" + frame.get("seq").asLong();
            case "HISTORY" -> {
                List<Long> seqs = new ArrayList<>();
                frame.get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
                yield "HISTORY:" + frame.get("roomId").asText() + ":" + seqs + ":" + frame.get("more").asBoolean();
            }
            case "ENTER", "LEAVE" -> frame.get("type").asText() + ":" + frame.get("roomId").asText() + ":"
                    + frame.get("userId").asText();
            default -> RecordingConnection.summary(frame);
        };
    }

    private static void run(List<Action> script) {
        ChatCodec codec = new ChatCodec();
        CountingEvents events = new CountingEvents();
        InProcessBroker broker = new InProcessBroker(1024, new HistoryPolicy(100, Duration.ofHours(1)), new ManualClock());
        ChatHub hub = new ChatHub(broker, ChatLimits.defaults().withRateBurst(1_000_000).withRatePerSecond(1_000_000)
                .withMaxRoomsPerConnection(MAX_ROOMS), new ManualClock(), Runnable::run, events);
        broker.start(hub);
        try {
            Model model = new Model();
            RecordingConnection[] connections = new RecordingConnection[USERS.size()];
            for (int i = 0; i < USERS.size(); i++) {
                connections[i] = new RecordingConnection(USERS.get(i));
                assertTrue(hub.open(connections[i]));
                model.open(i);
            }
            for (Action a : script) {
                RecordingConnection c = connections[a.actor()];
                String room = "\"" + a.room() + "\"";
                switch (a.kind()) {
                    case OPEN -> {
                        if (!model.open[a.actor()]) {
                            connections[a.actor()] = new RecordingConnection(USERS.get(a.actor()));
                            assertTrue(hub.open(connections[a.actor()]));
                        }
                    }
                    case CLOSE -> hub.onClose(c);
                    case ENTER -> hub.onFrame(c, codec.decodeClient("{\"type\":\"ENTER\",\"roomId\":" + room + "}"));
                    case RESUME -> hub.onFrame(c, codec.decodeClient("{\"type\":\"ENTER\",\"roomId\":" + room + ",\"lastSeq\":0}"));
                    case TALK -> hub.onFrame(c, codec.decodeClient("{\"type\":\"TALK\",\"roomId\":" + room + ",\"message\":\"m\"}"));
                    case LEAVE -> hub.onFrame(c, codec.decodeClient("{\"type\":\"LEAVE\",\"roomId\":" + room + "}"));
                    case HISTORY -> hub.onFrame(c, codec.decodeClient("{\"type\":\"HISTORY\",\"roomId\":" + room + "}"));
                }
                model.apply(a);
            }
            for (int i = 0; i < USERS.size(); i++) {
                if (model.open[i]) {
                    assertEquals(model.expected.get(i), connections[i].frames().stream().map(RoomRulesProperties::line).toList(),
                            "frames of " + USERS.get(i));
                }
            }
            int openNow = 0;
            for (boolean o : model.open) {
                openNow += o ? 1 : 0;
            }
            assertEquals(openNow, hub.connectionCount(), "open connections");
            assertEquals(model.roomsWithMembers(), hub.roomCount(), "rooms with local members");
            assertEquals(model.opened, events.opened.get(), "connections opened");
            assertEquals(model.published, events.published.get(), "messages published");
            assertEquals(model.errors, events.errorCounts(), "errors sent");
            assertEquals(model.frames, events.frameCounts(), "frames received");

            for (int i = 0; i < USERS.size(); i++) {
                hub.onClose(connections[i]);
            }
            assertEquals(0, hub.connectionCount(), "nothing is left once every connection closed");
            assertEquals(0, hub.roomCount(), "no room is left once every connection closed");
        } finally {
            broker.close();
        }
    }

    @Test
    void anySequenceOfCommandsLeavesTheRoomsCountersAndEventsAsTheModelSays() {
        qt().withExamples(500).forAll(scripts()).checkAssert(RoomRulesProperties::run);
    }
}
