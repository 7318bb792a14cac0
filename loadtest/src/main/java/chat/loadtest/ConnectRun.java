package chat.loadtest;

import org.glassfish.tyrus.client.ClientManager;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The connection benchmark: open {@code conns} connections, each ENTERs one of {@code rooms} rooms,
 * hold them for {@code hold}, close them. Measures how fast connections open and whether they stay.
 */
final class ConnectRun {
    private static final long CLOSE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ConnectConfig config;
    private final PrintStream log;
    private final List<Member> members = new ArrayList<>();

    ConnectRun(ConnectConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
        for (int i = 0; i < config.conns(); i++) {
            members.add(new Member(config.common().userId(i), config.room(i), Member.TalkListener.IGNORE));
        }
    }

    /** Runs once; closes every connection before it returns. */
    ConnectResult run() {
        ClientManager client = TyrusClients.create(config.common().timeout());
        try {
            Connector connector = new Connector(client, config.common(), log);
            log.printf("connect: opening %d connections to %s over %d rooms, %d handshakes at a time%n",
                    members.size(), config.common().endpoints(), config.rooms(), config.common().concurrency());
            Connector.Outcome connected = connector.connectAll(members);
            connector.awaitJoins(members);
            int joined = (int) members.stream().filter(Member::isJoined).count();
            log.printf("connect: %d connected in %d ms, %d joined; holding %d s%n", connected.connected(),
                    connected.elapsedNanos() / 1_000_000, joined, config.hold().toSeconds());
            hold();
            int closedDuringHold = (int) members.stream().filter(Member::closedUnexpectedly).count();
            Connector.closeAll(members, CLOSE_NANOS);
            int closed = (int) members.stream()
                    .filter(m -> m.isConnected() && m.isClosed() && !m.closedUnexpectedly()).count();
            long errors = members.stream().mapToLong(Member::errors).sum();
            members.stream().filter(m -> m.lastError() != null).findFirst()
                    .ifPresent(m -> log.printf("connect: %s: %s%n", m.userId(), m.lastError()));
            long connectMs = connected.elapsedNanos() / 1_000_000;
            double perSec = Math.round(connected.connected() * 1e10 / Math.max(1, connected.elapsedNanos())) / 10.0;
            return new ConnectResult(config.conns(), config.rooms(), connected.connected(), connected.failures(),
                    joined, connected.connected() - joined, connectMs, perSec, connected.handshakeMs(),
                    config.hold().toSeconds(), closedDuringHold, closed, errors);
        } finally {
            Connector.closeAll(members, 0);
            client.shutdown();
        }
    }

    private void hold() {
        long end = System.nanoTime() + config.hold().toNanos();
        for (long next = System.nanoTime() + PROGRESS_NANOS; ; next += PROGRESS_NANOS) {
            Waits.sleepUntil(next - end < 0 ? next : end);
            if (System.nanoTime() - end >= 0) {
                return;
            }
            long open = members.stream().filter(m -> m.isConnected() && !m.isClosed()).count();
            log.printf("connect: %d open%n", open);
        }
    }
}
