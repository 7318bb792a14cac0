package chat.loadtest;

import org.glassfish.tyrus.client.ClientManager;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fanout benchmark: every member joins one room, then one of them talks at a fixed rate and
 * every member times each TALK from its send to its delivery. Sender and receivers share this JVM's
 * {@link System#nanoTime()} clock, so latencies need no clock sync.
 *
 * <ol>
 *   <li>connect every member and have each ENTER the room; wait for each one's own ENTER echo;</li>
 *   <li>wait until the ENTER storm is over: every member has seen the ENTER of everyone who joined
 *       after it, or no ENTER arrived for a second;</li>
 *   <li>the first joined member sends {@code messages} TALKs {@code SEQ:NANOTIME} at {@code rate};</li>
 *   <li>wait until every member has them all (or is closed), then close everything.</li>
 * </ol>
 * Each phase waits at most {@code --timeout-s}.
 */
final class FanoutRun {
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long CLOSE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final FanoutConfig config;
    private final PrintStream log;
    private final FanoutStats stats = new FanoutStats();
    private final List<Member> members = new ArrayList<>();
    private final List<DeliveryCheck> checks = new ArrayList<>();

    FanoutRun(FanoutConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
        for (int i = 0; i < config.members(); i++) {
            String userId = config.common().userId(i);
            DeliveryCheck check = new DeliveryCheck(userId, stats);
            checks.add(check);
            members.add(new Member(userId, config.room(), check));
        }
    }

    /** Runs once; closes every connection before it returns. */
    FanoutResult run() {
        ClientManager client = TyrusClients.create(config.common().timeout());
        try {
            return run(new Connector(client, config.common(), log));
        } finally {
            Connector.closeAll(members, CLOSE_NANOS);
            client.shutdown();
        }
    }

    private FanoutResult run(Connector connector) {
        long start = System.nanoTime();
        log.printf("fanout: connecting %d members to %s, room %s, %d handshakes at a time%n",
                members.size(), config.common().endpoints(), config.room(), config.common().concurrency());
        Connector.Outcome connected = connector.connectAll(members);
        connector.awaitJoins(members);
        List<Member> joined = members.stream().filter(Member::isJoined).toList();
        long joinMs = joined.stream().mapToLong(m -> m.joinedAtNanos() - start).max().orElse(0) / 1_000_000;
        log.printf("fanout: %d connected, %d joined in %d ms; handshakes %s%n",
                connected.connected(), joined.size(), joinMs, connected.handshakeMs());
        long stormMs = (awaitEnterStorm(joined.size()) - start) / 1_000_000;

        int sent = 0;
        long firstSend = System.nanoTime();
        if (!joined.isEmpty()) {
            Member sender = joined.get(0);
            stats.senderId(sender.userId());
            log.printf("fanout: %s sends %d TALKs at %s/s%n", sender.userId(), config.messages(), config.rate());
            sent = send(sender, firstSend);
            awaitDeliveries(sent);
        }
        return result(connected, joined.size(), joinMs, stormMs, sent, firstSend);
    }

    /** Waits out the ENTERs fanning out to earlier members; returns when it was over. */
    private long awaitEnterStorm(int joined) {
        long expected = (long) joined * (joined + 1) / 2; // the k-th of n to join sees n - k + 1 ENTERs
        long deadline = System.nanoTime() + config.common().timeout().toNanos();
        long seen = -1;
        long changedAt = System.nanoTime();
        while (true) {
            long total = members.stream().mapToLong(Member::entersSeen).sum();
            long now = System.nanoTime();
            if (total >= expected) {
                return now;
            }
            if (total != seen) {
                seen = total;
                changedAt = now;
            } else if (now - changedAt >= QUIET_NANOS || now - deadline >= 0) {
                log.printf("fanout: ENTER storm incomplete, %d of %d ENTERs delivered; going on%n", total, expected);
                return changedAt;
            }
            Waits.sleepUntil(now + TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Sends the TALKs on schedule; returns how many were sent. */
    private int send(Member sender, long firstSend) {
        long periodNanos = (long) (1_000_000_000L / config.rate());
        long timeoutMs = config.common().timeout().toMillis();
        long nextProgress = firstSend + PROGRESS_NANOS;
        int sent = 0;
        String firstFailure = null;
        for (int seq = 0; seq < config.messages(); seq++) {
            Waits.sleepUntil(firstSend + seq * periodNanos);
            try {
                sender.talk(DeliveryCheck.message(seq, System.nanoTime())).get(timeoutMs, TimeUnit.MILLISECONDS);
                sent++;
            } catch (ExecutionException | TimeoutException e) {
                firstFailure = firstFailure == null ? e.toString() : firstFailure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (System.nanoTime() - nextProgress >= 0) {
                nextProgress += PROGRESS_NANOS;
                log.printf("fanout: sent %d/%d, %d delivered%n", sent, config.messages(), stats.received());
            }
        }
        if (firstFailure != null) {
            log.printf("fanout: %d TALKs could not be sent, the first: %s%n", config.messages() - sent, firstFailure);
        }
        return sent;
    }

    /** Waits until every member still open has received all {@code sent} TALKs. */
    private void awaitDeliveries(int sent) {
        long deadline = System.nanoTime() + config.common().timeout().toNanos();
        boolean all = Waits.until(() -> {
            for (int i = 0; i < members.size(); i++) {
                Member m = members.get(i);
                if (m.isJoined() && !m.isClosed() && checks.get(i).received() < sent) {
                    return false;
                }
            }
            return true;
        }, deadline);
        if (!all) {
            log.printf("fanout: not every delivery arrived within %d s%n", config.common().timeout().toSeconds());
        }
    }

    private FanoutResult result(Connector.Outcome connected, int joined, long joinMs, long stormMs, int sent,
                                long firstSend) {
        long expected = (long) sent * members.size();
        long received = stats.received();
        long spanNanos = stats.lastDeliveryNanos() - firstSend;
        double perSec = received == 0 || spanNanos <= 0 ? 0 : Math.round(received * 1e10 / spanNanos) / 10.0;
        long errors = members.stream().mapToLong(Member::errors).sum();
        List<Member> closed = members.stream().filter(Member::closedUnexpectedly).toList();
        members.stream().filter(m -> m.lastError() != null).findFirst()
                .ifPresent(m -> log.printf("fanout: %s: %s%n", m.userId(), m.lastError()));
        if (!closed.isEmpty()) {
            log.printf("fanout: %d connections closed unexpectedly, e.g. %s: %s%n",
                    closed.size(), closed.get(0).userId(), closed.get(0).closeReason());
        }
        return new FanoutResult(members.size(), connected.connected(), connected.failures(), joined,
                connected.connected() - joined, joinMs, stormMs, connected.handshakeMs(), sent,
                config.messages() - sent, expected, received, Math.max(0, expected - received),
                stats.orderViolations(), errors, closed.size(), stats.latency(), perSec, stats.roundTrip());
    }
}
