package chat.runner.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a server process costs, read from outside it: heap in use after a full GC, open file
 * descriptors ({@code /proc/<pid>/fd}), CPU time ({@code /proc/<pid>/stat}). Linux only.
 */
final class ProcessGauges {
    /** A full GC of a 256 MiB heap takes well under a second; attaching jcmd about half of one. */
    private static final Duration JCMD_WAIT = Duration.ofSeconds(30);
    /** Clock ticks per second in /proc/<pid>/stat: USER_HZ, 100 on every Linux architecture Java runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private final ServerProcess server;

    ProcessGauges(ServerProcess server) {
        this.server = server;
    }

    /**
     * Runs a full GC in the server ({@code jcmd <pid> GC.run}: {@code System.gc()}, a full collection
     * under G1), then reads {@code jvm_memory_used_bytes{area="heap"}} from its /metrics.
     */
    long heapUsedAfterFullGc() throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        // jcmd is itself a JVM: a client compiler and a serial GC halve its start-up on a busy machine
        Process gc = new ProcessBuilder(jcmd, "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", String.valueOf(server.pid()),
                "GC.run").redirectErrorStream(true).start();
        if (!gc.waitFor(JCMD_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            gc.destroyForcibly();
            throw new IOException("jcmd " + server.pid() + " GC.run did not finish within " + JCMD_WAIT.toSeconds() + " s");
        }
        String said = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (gc.exitValue() != 0) {
            throw new IOException("jcmd " + server.pid() + " GC.run failed (" + gc.exitValue() + "): " + said.strip());
        }
        Metrics metrics = server.scrape();
        if (!metrics.has("jvm_memory_used_bytes", java.util.Map.of("area", "heap"))) {
            throw new IOException("no jvm_memory_used_bytes{area=\"heap\"} in /metrics");
        }
        return (long) metrics.sum("jvm_memory_used_bytes", java.util.Map.of("area", "heap"));
    }

    /** Entries of /proc/<pid>/fd: sockets, files, pipes, epoll instances. */
    int openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(server.pid()), "fd"))) {
            return (int) fds.count();
        } catch (NoSuchFileException gone) {
            throw new IOException("process " + server.pid() + " is gone", gone);
        }
    }

    /** User plus system CPU time the process has used so far. */
    Duration cpuTime() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(server.pid()), "stat"));
        // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }

    /** Cores the process kept busy, on average, over {@code window} from now. */
    double coresBusy(Duration window) throws IOException {
        Duration before = cpuTime();
        long start = System.nanoTime();
        java.util.concurrent.locks.LockSupport.parkNanos(window.toNanos()); // measuring over a window, not settling
        Duration after = cpuTime();
        return (double) after.minus(before).toNanos() / (System.nanoTime() - start);
    }
}
