package chat.loadtest;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The environment-driven run ({@link RoomsConfig}): connects CONN_COUNT members in batches, each
 * joins its room; then the process sends TALKs at a fixed rate, each from the next live member, and
 * every member checks what it receives. A TALK's text is {@code CLIENT_ID|id|intendedNanos}: its
 * latency is measured from when it was <em>meant</em> to be sent, so a sender that falls behind
 * shows up in the percentiles instead of hiding (coordinated omission). Prints a [STAT] line every
 * STAT_INTERVAL_SEC.
 */
final class RoomsRun {
    private final RoomsConfig config;
    private final PrintStream log;
    private final List<Member> members = new ArrayList<>();
    private final List<List<Member>> byRoom = new ArrayList<>();
    private final int[] roomOfMember;
    private final Tally tally;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final LatencyRecorder handshakes = new LatencyRecorder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile long timedFromNanos = Long.MAX_VALUE; // TALKs meant to be sent earlier are warm-up
    private volatile long lastStatNanos = System.nanoTime();
    private volatile long lastStatDeliveries;

    /** Called between the phases of a run, for tests that read the server's counters there. */
    interface Phases {
        Phases NONE = new Phases() {
        };

        /** Everyone has joined; no TALK sent yet. */
        default void beforeSending() {
        }

        /** Every delivery arrived (or the drain time passed); nobody has left yet. */
        default void afterDraining() {
        }
    }

    private final Phases phases;

    RoomsRun(RoomsConfig config, PrintStream log) {
        this(config, log, Phases.NONE);
    }

    RoomsRun(RoomsConfig config, PrintStream log, Phases phases) {
        this.phases = phases;
        this.config = config;
        this.log = log;
        this.tally = new Tally((int) config.totalMessages(), config.rooms());
        this.roomOfMember = new int[config.connections()];
        for (int room = 0; room < config.rooms(); room++) {
            byRoom.add(new ArrayList<>());
        }
        for (int i = 0; i < config.connections(); i++) {
            int room = i % config.rooms();
            roomOfMember[i] = room;
            Member member = new Member(config.userId(i), config.room(i),
                    new TalkChecker(config.clientId(), room, tally, latency, () -> timedFromNanos));
            members.add(member);
            byRoom.get(room).add(member);
        }
    }

    RoomsResult run() {
        List<ClientManager> clients = clients();
        ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor(daemon("load-tester-stat"));
        long statMillis = config.statInterval().toMillis();
        stats.scheduleAtFixedRate(() -> log.println(statLine()), statMillis, statMillis, TimeUnit.MILLISECONDS);
        try {
            log.printf("load-tester: %,d connections to %s in %d room(s), batches of %d every %d ms%n",
                    config.connections(), config.endpoints(), config.rooms(), config.batchSize(),
                    config.batchDelay().toMillis());
            long connectStart = System.nanoTime();
            connectInBatches(clients);
            Waits.until(() -> members.stream().allMatch(m -> !m.isConnected() || m.isJoined() || m.isClosed()),
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            long joined = members.stream().filter(Member::isLive).count();
            log.printf("load-tester: %,d of %,d joined in %.1f s; sending %,d TALKs at %.1f/s%n", joined,
                    config.connections(), connectSeconds, config.totalMessages(), config.effectiveRate());

            phases.beforeSending();
            long sendStart = System.nanoTime();
            send();
            long sendEnd = System.nanoTime();
            sleepPrinting(config.hold());
            Waits.until(() -> tally.missing() == 0, System.nanoTime() + config.drain().toNanos());
            phases.afterDraining();
            double sendSeconds = Math.max(1e-9, (sendEnd - sendStart) / 1e9);
            RoomsResult result = result(joined, connectSeconds, sendSeconds);
            log.println(statLine());
            Connector.closeAll(members, TimeUnit.SECONDS.toNanos(10));
            return result;
        } finally {
            stats.shutdownNow();
            clients.forEach(ClientManager::shutdown);
        }
    }

    /** One client per source address (all on one shared transport), or one without a binding. */
    private List<ClientManager> clients() {
        List<ClientManager> clients = new ArrayList<>();
        if (config.sourceAddresses().isEmpty()) {
            clients.add(TyrusClients.create(Duration.ofSeconds(30)));
        }
        for (InetAddress source : config.sourceAddresses()) {
            ClientManager client = TyrusClients.create(Duration.ofSeconds(30));
            client.getProperties().put(ClientProperties.SOCKET_BINDING, source);
            clients.add(client);
        }
        return clients;
    }

    private void connectInBatches(List<ClientManager> clients) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.concurrency(), config.connections()),
                daemon("load-tester-connect"));
        try {
            for (int from = 0; from < members.size(); from += config.batchSize()) {
                int to = Math.min(members.size(), from + config.batchSize());
                List<Future<?>> batch = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    int index = i;
                    batch.add(pool.submit(() -> connect(index, clients.get(index % clients.size()))));
                }
                for (Future<?> f : batch) {
                    try {
                        f.get();
                    } catch (Exception e) {
                        // connect() records its own failures
                    }
                }
                if (to < members.size()) {
                    sleepPrinting(config.batchDelay());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void connect(int index, ClientManager client) {
        Member member = members.get(index);
        long t0 = System.nanoTime();
        try {
            member.connect(client, config.endpoints().forConnection(index, member.userId()));
            handshakes.record(System.nanoTime() - t0);
            member.enter();
        } catch (Exception e) {
            connectFailures.increment();
            firstFailure.compareAndSet(null, member.userId() + ": " + e);
        }
    }

    /** Sends every TALK at its planned time, each from the next live member. */
    private void send() {
        long total = config.totalMessages();
        double periodNanos = 1e9 / config.effectiveRate();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        timedFromNanos = start + config.warmup().toNanos();
        int next = 0;
        for (int id = 0; id < total; id++) {
            long planned = start + (long) (id * periodNanos);
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int sender = -1;
            for (int tries = 0; tries < members.size() && sender < 0; tries++) {
                int candidate = next;
                next = (next + 1) % members.size();
                if (members.get(candidate).isLive()) {
                    sender = candidate;
                }
            }
            if (sender < 0) {
                sendFailures.increment();
                firstFailure.compareAndSet(null, "no live connection left to send from");
                tally.sent(id, 0, 0);
                continue;
            }
            int room = roomOfMember[sender];
            int recipients = 0;
            for (Member m : byRoom.get(room)) {
                if (m.isLive()) {
                    recipients++;
                }
            }
            tally.sent(id, room, recipients);
            // a TALK the transport refuses shows up as missing deliveries, and the member counts the error
            members.get(sender).talk(new TalkText(config.clientId(), id, planned).format());
        }
    }

    private void sleepPrinting(Duration duration) {
        if (!duration.isZero()) {
            LockSupport.parkNanos(duration.toNanos());
        }
    }

    private long errors() {
        return connectFailures.sum() + sendFailures.sum() + members.stream().mapToLong(Member::errors).sum();
    }

    private long disconnected() {
        return members.stream().filter(Member::closedUnexpectedly).count();
    }

    /** The [STAT] line (its fields are documented in loadtest/README.md), then this tool's own figures for the last interval. */
    String statLine() {
        long now = System.nanoTime();
        long deliveries = tally.deliveries();
        double seconds = Math.max(1e-9, (now - lastStatNanos) / 1e9);
        double rate = (deliveries - lastStatDeliveries) / seconds;
        lastStatNanos = now;
        lastStatDeliveries = deliveries;
        long connected = members.stream().filter(m -> m.isConnected() && !m.isClosed()).count();
        LatencyRecorder.Summary recent = latency.interval();
        String lastError = firstFailure.get() != null ? firstFailure.get()
                : members.stream().map(Member::lastError).filter(java.util.Objects::nonNull).findFirst().orElse("");
        return String.format("[STAT] connected=%d, sent=%d, received=%d, errors=%d, disconnected=%d"
                        + " | joined=%d, deliveries/s=%.0f, p50=%.1fms, p99=%.1fms, max=%.1fms, missing=%d,"
                        + " duplicates=%d, orderViolations=%d%s",
                connected, tally.sent(), deliveries + tally.foreign(), errors(), disconnected(),
                members.stream().filter(Member::isLive).count(), rate, recent.p50(), recent.p99(), recent.max(),
                tally.missing(), tally.duplicates(), tally.orderViolations(),
                lastError.isEmpty() ? "" : " | first error: " + lastError);
    }

    private RoomsResult result(long joined, double connectSeconds, double sendSeconds) {
        long connected = members.stream().filter(Member::isConnected).count();
        return new RoomsResult(config.clientId(), config.connections(), config.rooms(), connected,
                connectFailures.sum(), joined, round(connectSeconds), round(connected / Math.max(1e-9, connectSeconds)),
                handshakes.summary(), tally.sent(), sendFailures.sum(), tally.expected(), tally.deliveries(),
                tally.foreign(), tally.missing(), tally.duplicates(), tally.orderViolations(), errors(), disconnected(),
                round(tally.deliveries() / sendSeconds), latency.summary(),
                tally.roomsWithProblems(20, room -> config.room(room)), firstFailure.get() != null ? firstFailure.get()
                        : members.stream().map(Member::lastError).filter(java.util.Objects::nonNull).findFirst().orElse(null));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
