package chat.runner.attack;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Two ordinary members, {@code bob} and {@code carol}, in the rooms an attack goes on in, and a
 * steady stream of TALKs ({@code stream-0}, {@code stream-1}, ...) that bob sends to the first room
 * before, during and after the attack. {@link #stopAndCheck} says whether both received every TALK
 * of the stream exactly once and in order, and whether every room's seq numbers ran without a gap
 * that no RESYNC announced.
 *
 * <p>The stream runs at {@value #STREAM_PER_SECOND} TALKs a second, under the default
 * {@code RATE_PER_SECOND} of 10, so a rate-limited server never refuses it.
 */
final class Bystanders implements AutoCloseable {
    static final int STREAM_PER_SECOND = 8;
    static final String TALKER = "bob";
    static final String LISTENER = "carol";
    /** Joining is a round trip per room on an idle server. */
    private static final Duration JOIN_WAIT = Duration.ofSeconds(5);
    /** How long the stream's last TALK may take to arrive after it was sent, attack or not. */
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(5);
    private static final String PREFIX = "stream-";
    /** TALKs of the stream sent after the attack, before it stops: three, about 375 ms. */
    private static final int AFTER_ATTACK_TALKS = 3;
    private static final Duration AFTER_ATTACK_WAIT = Duration.ofSeconds(2);

    private final ChatPeer talker;
    private final ChatPeer listener;
    private final List<String> rooms;
    private final ScheduledExecutorService stream = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bystander-stream");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger sent = new AtomicInteger();
    private volatile String sendFailure;
    private List<String> verdict; // what stopAndCheck found, once it ran

    private Bystanders(ChatPeer talker, ChatPeer listener, List<String> rooms) {
        this.talker = talker;
        this.listener = listener;
        this.rooms = List.copyOf(rooms);
    }

    /**
     * Connects bob and carol, each entering every room, and returns once each saw both ENTERs.
     *
     * @param query the handshake query for a userId ({@code userId=bob}, or a token)
     */
    static Bystanders join(URI chatUri, List<String> rooms, UnaryOperator<String> query) {
        ChatPeer talker = ChatPeer.connectWithQuery(chatUri, query.apply(TALKER), TALKER);
        ChatPeer listener;
        try {
            listener = ChatPeer.connectWithQuery(chatUri, query.apply(LISTENER), LISTENER);
        } catch (AssertionError e) {
            talker.close();
            throw e;
        }
        Bystanders bystanders = new Bystanders(talker, listener, rooms);
        try {
            for (String room : rooms) {
                talker.enter(room);
                talker.awaitOwn("ENTER", room, JOIN_WAIT);
                listener.enter(room);
                listener.awaitOwn("ENTER", room, JOIN_WAIT);
                talker.await("carol's ENTER in " + room, JOIN_WAIT, f -> isRoomTraffic(f, "ENTER", room, LISTENER));
            }
        } catch (AssertionError e) {
            bystanders.close();
            throw e;
        }
        return bystanders;
    }

    /** Starts bob's stream of TALKs to the first room. */
    void startStream() {
        long period = 1_000 / STREAM_PER_SECOND;
        stream.scheduleAtFixedRate(() -> {
            if (sendFailure != null) {
                return;
            }
            try {
                talker.talk(rooms.get(0), PREFIX + sent.get());
                sent.incrementAndGet();
            } catch (AssertionError e) {
                sendFailure = e.getMessage();
            }
        }, 0, period, TimeUnit.MILLISECONDS);
    }

    ChatPeer talker() {
        return talker;
    }

    ChatPeer listener() {
        return listener;
    }

    List<ChatPeer> both() {
        return List.of(talker, listener);
    }

    /** Waits until both have received the first {@code count} TALKs of the stream. */
    void awaitStreamDelivered(int count, Duration within) {
        Poll.assertWithin(within, () -> talker.hasReceived(f -> isStream(f, count - 1))
                        && listener.hasReceived(f -> isStream(f, count - 1)),
                () -> "bystanders did not both receive " + PREFIX + (count - 1) + " (" + sent.get() + " sent)");
    }

    /**
     * Stops the stream, waits for its last TALK to reach both, and returns what went wrong for them:
     * empty when both are still connected, received no frame a strict client refuses, got every
     * stream TALK exactly once and in order, and saw every room's seq numbers run on by one except
     * right after a RESYNC. Runs once; later calls return the same verdict.
     */
    synchronized List<String> stopAndCheck() {
        if (verdict == null) {
            verdict = List.copyOf(stopAndCheckOnce());
        }
        return verdict;
    }

    private List<String> stopAndCheckOnce() {
        int mark = sent.get(); // the stream goes on a little after the attack: a harm may show only in later TALKs
        Poll.until(AFTER_ATTACK_WAIT, () -> sent.get() >= mark + AFTER_ATTACK_TALKS || sendFailure != null);
        stream.shutdown();
        try {
            if (!stream.awaitTermination(2, TimeUnit.SECONDS)) {
                return List.of("the stream's sender is stuck in a send");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int total = sent.get();
        List<String> problems = new ArrayList<>();
        if (sendFailure != null) {
            problems.add("bob could not send the stream: " + sendFailure);
        }
        if (total > 0) {
            Poll.until(DELIVERY_WAIT, () -> both().stream().allMatch(p -> p.hasReceived(f -> isStream(f, total - 1))
                    || p.ending() != null));
        }
        for (ChatPeer peer : both()) {
            problems.addAll(check(peer, total));
        }
        return problems;
    }

    private List<String> check(ChatPeer peer, int total) {
        List<String> problems = new ArrayList<>();
        String who = peer.name();
        if (peer.ending() != null) {
            problems.add(who + "'s connection ended: " + peer.ending());
        }
        peer.problems().forEach(p -> problems.add(who + " received " + p));
        List<JsonNode> frames = peer.texts();
        List<Integer> stream = new ArrayList<>();
        Map<String, Long> lastSeq = new HashMap<>();
        for (JsonNode f : frames) {
            String type = f.path("type").asText();
            String room = f.path("roomId").asText();
            if (type.equals("RESYNC")) {
                lastSeq.remove(room); // numbering may go on anywhere after a notice
            } else if (type.equals("TALK") && f.has("seq")) {
                long seq = f.path("seq").asLong();
                Long last = lastSeq.put(room, seq);
                if (last != null && seq != last + 1) {
                    problems.add(who + ": in room " + room + " seq went from " + last + " to " + seq + " with no RESYNC between ("
                            + ChatPeer.abbreviate(f.toString()) + ")");
                }
            }
            if (type.equals("TALK") && room.equals(rooms.get(0)) && f.path("userId").asText().equals(TALKER)
                    && f.path("message").asText().startsWith(PREFIX)) {
                stream.add(Integer.parseInt(f.path("message").asText().substring(PREFIX.length())));
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add(i);
        }
        if (!stream.equals(expected)) {
            problems.add(who + " received the stream's " + total + " TALKs as " + describe(stream, total));
        }
        return problems;
    }

    /** What went wrong with a received stream: missing, repeated, out of order. */
    private static String describe(List<Integer> got, int total) {
        List<String> notes = new ArrayList<>();
        boolean[] seen = new boolean[Math.max(total, got.stream().mapToInt(i -> i + 1).max().orElse(0))];
        int repeats = 0;
        int disorders = 0;
        for (int i = 0; i < got.size(); i++) {
            int n = got.get(i);
            if (seen[n]) {
                repeats++;
            }
            seen[n] = true;
            if (i > 0 && n < got.get(i - 1)) {
                disorders++;
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            if (!seen[i]) {
                missing.add(PREFIX + i);
            }
        }
        notes.add(got.size() + " received");
        if (!missing.isEmpty()) {
            notes.add(missing.size() + " missing (" + (missing.size() <= 6 ? missing
                    : missing.subList(0, 3) + "..." + missing.subList(missing.size() - 3, missing.size())) + ")");
        }
        if (repeats > 0) {
            notes.add(repeats + " repeated");
        }
        if (disorders > 0) {
            notes.add(disorders + " out of order");
        }
        return String.join(", ", notes);
    }

    private static boolean isStream(JsonNode f, int n) {
        return "TALK".equals(f.path("type").asText()) && TALKER.equals(f.path("userId").asText())
                && (PREFIX + n).equals(f.path("message").asText());
    }

    static boolean isRoomTraffic(JsonNode f, String type, String room, String userId) {
        return type.equals(f.path("type").asText()) && room.equals(f.path("roomId").asText())
                && userId.equals(f.path("userId").asText());
    }

    @Override
    public void close() {
        stream.shutdownNow();
        talker.close();
        listener.close();
    }
}
