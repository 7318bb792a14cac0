package chat.runner.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a server process costs, read from outside it: heap in use after a full GC ({@code jcmd}), open file
 * descriptors ({@code /proc/<pid>/fd}), CPU time ({@code /proc/<pid>/stat}). Linux only.
 */
final class ProcessGauges {
    /** A full GC of a 256 MiB heap takes well under a second; attaching jcmd about half of one. */
    private static final Duration JCMD_WAIT = Duration.ofSeconds(30);
    /** Clock ticks per second in /proc/<pid>/stat: USER_HZ, 100 on every Linux architecture Java runs on. */
    private static final long TICKS_PER_SECOND = 100;
    /** GC.heap_info's first line: {@code garbage-first heap   total 24576K, used 5120K [...]}. */
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private final ServerProcess server;

    ProcessGauges(ServerProcess server) {
        this.server = server;
    }

    /**
     * Runs a full GC in the server and reads the heap in use after it, with one {@code jcmd}:
     * {@code GC.run} ({@code System.gc()}, a full collection under G1), then {@code GC.heap_info}.
     * Read through the attach mechanism rather than /metrics, so a server whose HTTP threads are
     * starved by the attack is still measured.
     */
    long heapUsedAfterFullGc() throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Path commands = Files.createTempFile("gc-then-heap-info", ".jcmd");
        try {
            Files.writeString(commands, "GC.run\nGC.heap_info\n");
            // jcmd is itself a JVM: a client compiler and a serial GC halve its start-up on a busy machine
            Process gc = new ProcessBuilder(jcmd, "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                    String.valueOf(server.pid()), "-f", commands.toString()).redirectErrorStream(true).start();
            byte[] out = gc.getInputStream().readAllBytes(); // ends when jcmd exits
            if (!gc.waitFor(JCMD_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                gc.destroyForcibly();
                throw new IOException("jcmd " + server.pid() + " did not finish within " + JCMD_WAIT.toSeconds() + " s");
            }
            String said = new String(out, StandardCharsets.UTF_8);
            Matcher used = HEAP_USED.matcher(said);
            if (gc.exitValue() != 0 || !used.find()) {
                throw new IOException("jcmd " + server.pid() + " GC.run, GC.heap_info failed (" + gc.exitValue() + "): " + said.strip());
            }
            return Long.parseLong(used.group(1)) * 1024;
        } finally {
            Files.deleteIfExists(commands);
        }
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
