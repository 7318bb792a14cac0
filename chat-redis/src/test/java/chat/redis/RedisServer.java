package chat.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process for tests, on a free loopback port, that can be stopped and
 * started again on the same port. Fails with a clear message when {@code redis-server} is not
 * installed: Redis tests never skip silently.
 */
public final class RedisServer implements AutoCloseable {
    private final Path binary;
    private final int port;
    private final Path dir; // working directory, or null for the JVM's
    private final List<String> extraArgs;
    private Process process;

    private RedisServer(Path binary, int port) {
        this(binary, port, null, List.of());
    }

    private RedisServer(Path binary, int port, Path dir, List<String> extraArgs) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a server on {@code port} in {@code dir} (where it keeps files such as a cluster's nodes.conf). */
    static RedisServer startIn(Path dir, int port, List<String> extraArgs) throws IOException {
        RedisServer server = new RedisServer(binary(System.getenv("PATH")), port, dir, extraArgs);
        server.startAgain();
        return server;
    }

    /** Starts a fresh server on a free port. */
    public static RedisServer start() throws IOException {
        RedisServer server = new RedisServer(binary(System.getenv("PATH")), freePort());
        server.startAgain();
        return server;
    }

    /** A port nothing listens on, for "Redis is down" tests; start a server there later with {@link #startOn}. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static RedisServer startOn(int port) throws IOException {
        RedisServer server = new RedisServer(binary(System.getenv("PATH")), port);
        server.startAgain();
        return server;
    }

    /** Finds {@code redis-server} on {@code path}, or fails saying how to install it. */
    static Path binary(String path) {
        Optional<Path> found = path == null ? Optional.empty() : List.of(path.split(File.pathSeparator)).stream()
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
        return found.orElseThrow(() -> new IllegalStateException(
                "redis-server is not on the PATH; the Redis tests need it (Debian: apt-get install redis-server)"));
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the process (again) and returns once it accepts connections. */
    public synchronized void startAgain() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on " + port + " is already running");
        }
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning"));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .directory(dir == null ? null : dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"+PONG".equals(command("PING"))) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " on port " + port);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server on " + port + " did not answer PING within 10 s");
            }
            try {
                Thread.sleep(20); // polling a process that has no readiness event
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /** Kills the process (like a crash) and waits for it to be gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends one inline command and returns the first line of the reply, or null when the server
     * does not answer. For assertions such as {@code PUBSUB NUMSUB}.
     */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            return in.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** Subscribers of one channel, from {@code PUBSUB NUMSUB}. */
    public long subscribers(String channel) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("PUBSUB NUMSUB " + channel + "\r\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            in.readLine(); // *2
            in.readLine(); // $len
            in.readLine(); // channel
            return Long.parseLong(in.readLine().substring(1)); // :count
        } catch (IOException e) {
            throw new IllegalStateException("PUBSUB NUMSUB failed on port " + port, e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
