package chat.runner.attack;

import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stage of one attack: a fresh server process, the {@link Bystanders} in the attack's rooms with
 * their stream running, and a resource baseline (heap after a full GC, open file descriptors)
 * measured before the attack. {@link #finish} passes the same verdicts on every attack: bystanders
 * unharmed, heap and descriptors back within bounds, a clean stop, no stack trace in the output;
 * then it reports every failed check, the attack's own included.
 *
 * <pre>{@code
 * try (Scene scene = Scene.start("lone-surrogate", Map.of(), "r")) {
 *     ChatPeer mallory = scene.member("mallory", "r");
 *     mallory.send(...);
 *     scene.check("the sender gets ERROR BAD_JSON", () -> ...);
 *     scene.finish();
 * }
 * }</pre>
 */
final class Scene implements AutoCloseable {
    /**
     * Heap growth (after a full GC, over the baseline) allowed once an attack is over: a few test
     * connections, JIT and class-loading leftovers cost a few MiB; an attack that pins memory costs
     * tens. The ping flood's bound in the brief, used for every attack unless one states its own.
     */
    static final long HEAP_GROWTH_BOUND = 32L << 20;
    /**
     * Descriptors allowed over the baseline once the attack's sockets are closed: an epoll or pipe
     * a lazily started thread pool opens, a metrics scrape's socket not yet reaped.
     */
    static final int FD_SLACK = 4;
    /** How long the server may take to release a closed attacker's sockets. */
    static final Duration FD_SETTLE = Duration.ofSeconds(3);
    /** An idle server answers a frame within milliseconds; this covers a 2-core machine busy with other builds. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(3);

    private final ServerProcess server;
    private final Bystanders bystanders;
    private final ProcessGauges gauges;
    private final Findings findings;
    private final Deque<AutoCloseable> attackers = new ArrayDeque<>();
    private final long baselineHeap;
    private final int baselineFds;
    private boolean bystandersChecked;

    private Scene(ServerProcess server, Bystanders bystanders, ProcessGauges gauges, Findings findings,
                  long baselineHeap, int baselineFds) {
        this.server = server;
        this.bystanders = bystanders;
        this.gauges = gauges;
        this.findings = findings;
        this.baselineHeap = baselineHeap;
        this.baselineFds = baselineFds;
    }

    /** A server with {@code env}, bystanders in {@code rooms} connected by {@code userId}, their stream running. */
    static Scene start(String name, Map<String, String> env, String... rooms) throws Exception {
        return start(name, env, user -> "userId=" + user, rooms);
    }

    /** As {@link #start(String, Map, String...)}, bystanders connecting with {@code query} (a token, say). */
    static Scene start(String name, Map<String, String> env, UnaryOperator<String> query, String... rooms) throws Exception {
        ServerProcess server = ServerProcess.start(name, env);
        Bystanders bystanders = null;
        try {
            bystanders = Bystanders.join(server.chatUri(), List.of(rooms), query);
            bystanders.startStream();
            ProcessGauges gauges = new ProcessGauges(server);
            long heap = gauges.heapUsedAfterFullGc(); // first: jcmd's attach socket then counts in the baseline
            int fds = gauges.openFileDescriptors();
            return new Scene(server, bystanders, gauges, new Findings(name), heap, fds);
        } catch (Exception | AssertionError e) {
            if (bystanders != null) {
                bystanders.close();
            }
            server.kill();
            throw e;
        }
    }

    ServerProcess server() {
        return server;
    }

    URI chatUri() {
        return server.chatUri();
    }

    Bystanders bystanders() {
        return bystanders;
    }

    ProcessGauges gauges() {
        return gauges;
    }

    long baselineHeap() {
        return baselineHeap;
    }

    int baselineFds() {
        return baselineFds;
    }

    /** Connects {@code userId} and enters each room, waiting for its own ENTERs; closed by {@link #finish}. */
    ChatPeer member(String userId, String... rooms) {
        ChatPeer peer = track(ChatPeer.connect(chatUri(), userId));
        for (String room : rooms) {
            peer.enter(room);
            peer.awaitOwn("ENTER", room, ANSWER_WAIT);
        }
        return peer;
    }

    /** Closes {@code resource} (an attacker's socket) in {@link #finish}, before resources are measured. */
    <T extends AutoCloseable> T track(T resource) {
        attackers.push(resource);
        return resource;
    }

    /** Runs a check of the attack now; a failure is reported by {@link #finish} with the others. */
    void check(String behaviour, Executable check) {
        findings.check(behaviour, check);
    }

    /** {@link #finish(long)} with {@link #HEAP_GROWTH_BOUND}. */
    void finish() {
        finish(HEAP_GROWTH_BOUND);
    }

    /**
     * The verdicts every attack gets, then the report: bystanders unharmed; the attack's sockets
     * closed and the server's heap after a full GC within {@code heapGrowthBound} of the baseline;
     * its descriptors back within {@link #FD_SLACK}; it stops on SIGTERM with exit code 0; its output
     * has no stack trace.
     */
    void finish(long heapGrowthBound) {
        checkBystanders();
        closeAttackers();
        checkHeapWithin(heapGrowthBound, "after the attack");
        check("the server's open file descriptors return to the baseline", () -> Poll.assertWithin(FD_SETTLE,
                () -> fds() <= baselineFds + FD_SLACK,
                () -> fds() + " open, baseline " + baselineFds + " + slack " + FD_SLACK));
        bystanders.close();
        check("the server stops on SIGTERM and exits 0", () -> assertEquals(0, server.stop(),
                "exit code; output tail:\n" + server.output().tail(10)));
        check("no stack trace in the server's output", () -> assertTrue(server.output().stackTraceLines().isEmpty(),
                server.output().stackTraceLines().size() + " stack trace lines, the first in context:\n"
                        + server.output().firstStackTraceInContext()));
        findings.report();
    }

    /**
     * Stops the bystanders' stream and checks they received all of it, once each and in seq order;
     * {@link #finish} does it unless a test did it earlier (to measure an idle server afterwards).
     */
    void checkBystanders() {
        if (bystandersChecked) {
            return;
        }
        bystandersChecked = true;
        check("bystanders keep receiving every TALK of the stream exactly once and in seq order", () -> {
            List<String> problems = bystanders.stopAndCheck();
            assertTrue(problems.isEmpty(), String.join("; ", problems));
        });
    }

    /** Checks now that the heap after a full GC is within {@code bound} bytes of the baseline; returns the reading. */
    long checkHeapWithin(long bound, String when) {
        long[] used = {-1};
        check("heap after a full GC " + when + " stays within " + (bound >> 20) + " MiB of the baseline", () -> {
            used[0] = gauges.heapUsedAfterFullGc();
            assertTrue(used[0] - baselineHeap <= bound, "heap after GC " + mib(used[0]) + " MiB, baseline "
                    + mib(baselineHeap) + " MiB: grew " + mib(used[0] - baselineHeap) + " MiB");
        });
        return used[0];
    }

    private int fds() {
        try {
            return gauges.openFileDescriptors();
        } catch (IOException e) {
            throw new AssertionError("cannot count the server's descriptors: " + e.getMessage(), e);
        }
    }

    static String mib(long bytes) {
        return String.format("%.1f", bytes / 1048576.0);
    }

    private void closeAttackers() {
        while (!attackers.isEmpty()) {
            try {
                attackers.pop().close();
            } catch (Exception ignored) {
                // closing an attacker's socket is best effort
            }
        }
    }

    /** Closes whatever {@link #finish} did not get to (a test that threw): attackers, bystanders, the process. */
    @Override
    public void close() {
        closeAttackers();
        bystanders.close();
        server.close();
    }
}
