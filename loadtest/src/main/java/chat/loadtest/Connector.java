package chat.loadtest;

import org.glassfish.tyrus.client.ClientManager;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connects many members with a bounded number of handshakes in flight, and has each ENTER its room
 * as soon as it is connected. Gives up on what has not started by the timeout.
 */
final class Connector {
    private final ClientManager client;
    private final CommonOptions options;
    private final PrintStream log;

    Connector(ClientManager client, CommonOptions options, PrintStream log) {
        this.client = client;
        this.options = options;
        this.log = log;
    }

    /** How connecting went. */
    record Outcome(int connected, int failures, LatencyRecorder.Summary handshakeMs, long elapsedNanos) {
    }

    /** Connects {@code members}; {@code members.get(i)} goes to {@link Endpoints#forConnection}{@code (i, ...)}. */
    Outcome connectAll(List<Member> members) {
        long start = System.nanoTime();
        long deadline = start + options.timeout().toNanos();
        LatencyRecorder handshakes = new LatencyRecorder();
        AtomicInteger connected = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.concurrency(), members.size()),
                daemonThreads("loadtest-connect-"));
        for (int i = 0; i < members.size(); i++) {
            int index = i;
            pool.execute(() -> {
                Member member = members.get(index);
                if (System.nanoTime() - deadline >= 0) {
                    firstFailure.compareAndSet(null, "not attempted within --timeout-s");
                    return;
                }
                long t0 = System.nanoTime();
                try {
                    member.connect(client, options.endpoints().forConnection(index, member.userId()));
                    handshakes.record(System.nanoTime() - t0);
                    connected.incrementAndGet();
                    member.enter();
                } catch (Exception e) {
                    firstFailure.compareAndSet(null, member.userId() + ": " + describe(e));
                }
            });
        }
        pool.shutdown();
        try {
            // every task still to run fails fast after the deadline; the last handshakes need one more timeout
            if (!pool.awaitTermination(2 * options.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        int ok = connected.get();
        if (firstFailure.get() != null) {
            log.println("loadtest: " + (members.size() - ok) + " connections failed, the first: " + firstFailure.get());
        }
        return new Outcome(ok, members.size() - ok, handshakes.summary(), System.nanoTime() - start);
    }

    /** Waits until every connected member has its ENTER echo (or is closed) or the timeout passes. */
    void awaitJoins(List<Member> members) {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        Waits.until(() -> members.stream().allMatch(m -> !m.isConnected() || m.isJoined() || m.isClosed()), deadline);
    }

    /** Closes every member and waits, at most {@code timeout}, for the server to answer each close. */
    static void closeAll(List<Member> members, long timeoutNanos) {
        members.forEach(Member::close);
        long deadline = System.nanoTime() + timeoutNanos;
        Waits.until(() -> members.stream().allMatch(m -> !m.isConnected() || m.isClosed()), deadline);
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? e.toString() : e + " (cause: " + cause + ")";
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
