package chat.runner;

import chat.endpoint.contract.TestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The packaged {@code chat-runner.jar} run as an operator runs it: a process, stopped with SIGTERM. */
class ChatRunnerProcessIT {
    private static final Pattern LISTENING = Pattern.compile("listening on (ws://\\S+/ws/chat)");

    private final List<String> output = new ArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private Process process;
    private ClientManager client;

    @BeforeEach
    void createClient() {
        client = ClientManager.createClient();
    }

    @AfterEach
    void cleanUp() {
        client.shutdown();
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermNotifiesClientsClosesThemWith1012AndExitsZero() throws Exception {
        long started = System.nanoTime();
        URI uri = start(Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", "0", "INSTANCE_ID", "it-1"));
        long startupMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println("chat-runner process start to listening: " + startupMs + " ms");

        TestClient alice = TestClient.connect(client, uri, "alice");
        alice.enter("room-1");
        alice.expect("ENTER", "room-1", "alice");

        process.toHandle().destroy(); // SIGTERM, keeping our end of its output open (Process.destroy closes it)

        JsonNode notice = alice.next();
        assertEquals("SHUTDOWN", notice.path("type").asText(), notice.toString());
        assertEquals("server is restarting, please reconnect", notice.path("message").asText());
        assertEquals(1012, alice.awaitClose().getCloseCode().getCode());
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "process still running 20 s after SIGTERM");
        assertEquals(0, process.exitValue(), "exit code; output:\n" + String.join("\n", output));
        awaitLine(Pattern.compile("instance it-1 stopped"));
    }

    @Test
    void badConfigurationStopsStartUpNamingTheVariable() throws Exception {
        process = launch(Map.of("SERVER_PORT", "eighty"));
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "process did not stop on a bad configuration");
        assertEquals(2, process.exitValue());
        awaitLine(Pattern.compile("SERVER_PORT=eighty"));
    }

    @Test
    void portInUseFailsStartUpWithExitCodeOne() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            process = launch(Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", String.valueOf(taken.getLocalPort())));
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "process did not stop when its port was taken");
            assertEquals(1, process.exitValue());
            awaitLine(Pattern.compile("cannot start: cannot listen on 127.0.0.1:" + taken.getLocalPort()));
        }
    }

    private URI start(Map<String, String> env) throws IOException, InterruptedException {
        process = launch(env);
        Matcher m = awaitLine(LISTENING);
        return URI.create(m.group(1));
    }

    private Process launch(Map<String, String> env) throws IOException {
        Path jar = Path.of(System.getProperty("chat.runner.jar", "target/chat-runner.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("no runnable jar at " + jar.toAbsolutePath() + ": run `mvn package` first");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("SERVER_") || k.startsWith("MAX_") || k.startsWith("REDIS_")
                || k.startsWith("METRICS_") || k.equals("INSTANCE_ID"));
        pb.environment().put("METRICS_PORT", "0"); // tests run side by side: no fixed side port unless asked
        pb.environment().putAll(env);
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "chat-runner-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private Matcher awaitLine(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (output) {
            for (String line : output) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        }
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        fail("no line matching " + pattern + " within 30 s; output:\n" + String.join("\n", output));
        return null;
    }
}
