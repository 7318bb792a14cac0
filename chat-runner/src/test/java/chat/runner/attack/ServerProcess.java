package chat.runner.attack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged {@code chat-runner.jar} run as an operator runs it: its own JVM
 * ({@value #HEAP_FLAG}, G1), configured only by environment variables, stopped with SIGTERM.
 *
 * <p>The environment is built from scratch (only {@code PATH} and {@code HOME} are inherited), so a
 * variable set in the shell that runs the tests cannot change what a test means. Defaults:
 * {@code SERVER_HOST=127.0.0.1}, {@code SERVER_PORT=0}, {@code METRICS_PORT} a free port,
 * {@code SHUTDOWN_TIMEOUT_MS=2000} (a hostile socket that never reads cannot hold the stop for the
 * default 10 s); a test's own variables override them.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.start("flood", Map.of("RATE_BURST", "1000"))) {
 *     URI uri = server.chatUri();
 * }
 * }</pre>
 */
final class ServerProcess implements AutoCloseable {
    static final String HEAP_FLAG = "-Xmx256m";
    private static final Pattern LISTENING = Pattern.compile("listening on (ws://\\S+/ws/chat)");
    /** Start-up takes about half a second; this covers a machine busy with other builds. */
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    /** The graceful stop waits SHUTDOWN_TIMEOUT_MS (2 s here) for clients, then closes the rest: 8 s is ample. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(8);

    private final String name;
    private final Process process;
    private final ServerOutput output;
    private final int metricsPort;
    private URI chatUri;

    private ServerProcess(String name, Process process, ServerOutput output, int metricsPort) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.metricsPort = metricsPort;
    }

    /** Starts the jar and returns once it logged the URI it listens on; fails with its output otherwise. */
    static ServerProcess start(String name, Map<String, String> env) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("chat.runner.jar", "target/chat-runner.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no runnable jar at " + jar.toAbsolutePath() + ": run the package phase first");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, HEAP_FLAG, "-XX:+UseG1GC", "-jar", jar.toString())
                .redirectErrorStream(true);
        Map<String, String> inherited = Map.copyOf(pb.environment());
        pb.environment().clear();
        for (String keep : List.of("PATH", "HOME", "LANG")) {
            if (inherited.containsKey(keep)) {
                pb.environment().put(keep, inherited.get(keep));
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("SERVER_HOST", "127.0.0.1");
        settings.put("SERVER_PORT", "0");
        settings.put("METRICS_PORT", String.valueOf(freePort()));
        settings.put("INSTANCE_ID", name);
        settings.put("SHUTDOWN_TIMEOUT_MS", "2000");
        settings.putAll(env);
        pb.environment().putAll(settings);

        ServerOutput output = new ServerOutput();
        Process process = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "server-output-" + name);
        reader.setDaemon(true);
        reader.start();

        ServerProcess server = new ServerProcess(name, process, output, Integer.parseInt(settings.get("METRICS_PORT")));
        Matcher listening = output.await(LISTENING, START_WAIT);
        if (listening == null) {
            server.kill();
            throw new AssertionError(name + ": the server did not log that it listens within " + START_WAIT.toSeconds()
                    + " s; output:\n" + output.tail(40));
        }
        server.chatUri = URI.create(listening.group(1));
        return server;
    }

    /** A port nothing listened on a moment ago (the server binds it soon after; a clash fails its start loudly). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String name() {
        return name;
    }

    /** {@code ws://127.0.0.1:PORT/ws/chat} */
    URI chatUri() {
        return chatUri;
    }

    int port() {
        return chatUri.getPort();
    }

    int metricsPort() {
        return metricsPort;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    ServerOutput output() {
        return output;
    }

    Metrics scrape() throws IOException {
        return Metrics.scrape(metricsPort);
    }

    /**
     * Sends SIGTERM and waits for the process to exit; returns its exit code. Kills it and fails when
     * it does not exit within {@link #STOP_WAIT}.
     */
    int stop() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy(); // SIGTERM, keeping our end of its output open
        }
        if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError(name + ": still running " + STOP_WAIT.toSeconds() + " s after SIGTERM; output:\n"
                    + output.tail(20));
        }
        return process.exitValue();
    }

    /** Kills the process at once (SIGKILL). */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the process if a test left it running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
