package chat.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** This process's open file descriptors, as Linux lists them: what the open-files limit counts. */
final class OpenFiles {
    private static final Path FDS = Path.of("/proc/self/fd");
    private static final List<Path> TCP_TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private OpenFiles() {
    }

    static boolean countable() {
        return Files.isDirectory(FDS) && Files.isReadable(TCP_TABLES.get(0));
    }

    static long count() {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether this process holds a descriptor for the TCP socket from local port {@code localPort} to
     * remote port {@code remotePort} (both on loopback here): the server's end of one client's connection.
     */
    static boolean holdsSocket(int localPort, int remotePort) {
        Set<String> inodes = new HashSet<>();
        for (Path table : TCP_TABLES) {
            for (String line : lines(table)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && port(f[1]) == localPort && port(f[2]) == remotePort && !f[9].equals("0")) {
                    inodes.add("socket:[" + f[9] + "]");
                }
            }
        }
        if (inodes.isEmpty()) {
            return false;
        }
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.anyMatch(fd -> {
                try {
                    return inodes.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int port(String address) {
        int colon = address.lastIndexOf(':');
        return colon < 0 ? -1 : Integer.parseInt(address.substring(colon + 1), 16);
    }

    private static List<String> lines(Path table) {
        try {
            List<String> lines = Files.readAllLines(table);
            return lines.isEmpty() ? lines : lines.subList(1, lines.size()); // the first is the heading
        } catch (IOException absent) {
            return List.of(); // no IPv6
        }
    }
}
