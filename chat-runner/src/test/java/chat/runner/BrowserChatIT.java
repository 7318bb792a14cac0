package chat.runner;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The chat page in headless Chromium: runs {@code src/test/browser/chat-page.test.mjs} (Node and
 * playwright-core), which starts the packaged jar itself, chats between two pages, and restarts
 * the server under them. Needs {@code node}, {@code npm} and Debian's {@code chromium}; installs
 * playwright-core (never a browser) into {@code target/browser-test} with {@code npm ci}.
 */
class BrowserChatIT {
    private static final Path SOURCES = Path.of("src", "test", "browser");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "chat-page.test.mjs");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void twoUsersChatInTheBrowserAndBothRecoverFromAServerRestart() throws Exception {
        Path jar = Path.of(System.getProperty("chat.runner.jar", "target/chat-runner.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail("no runnable jar at " + jar + ": run `mvn package` first");
        }
        Path node = executable("node").orElseThrow(() -> new AssertionError(
                "node is not on the PATH: install Node.js 18 or newer (Debian: apt-get install nodejs npm)"));
        Path npm = executable("npm").orElseThrow(() -> new AssertionError(
                "npm is not on the PATH: install it (Debian: apt-get install npm)"));
        Path chromium = chromium().orElseThrow(() -> new AssertionError(
                "no Chromium: set CHROMIUM_PATH, or install it (Debian: apt-get install chromium)"));

        Path work = jar.getParent().resolve("browser-test");
        boolean lockChanged = copyInto(work);
        Map<String, String> env = Map.of(
                "CHAT_RUNNER_JAR", jar.toString(),
                "CHROMIUM_PATH", chromium.toString(),
                "JAVA_HOME", System.getProperty("java.home"),
                "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (lockChanged || !Files.isDirectory(work.resolve("node_modules").resolve("playwright-core"))) {
            run(work, env, INSTALL_TIMEOUT, npm.toString(), "ci", "--no-audit", "--no-fund");
        }
        run(work, env, TEST_TIMEOUT, node.toString(), "chat-page.test.mjs");
    }

    /** Copies the Node files into {@code work}; true when the lock file is new or changed there. */
    private static boolean copyInto(Path work) throws IOException {
        Files.createDirectories(work);
        Path lock = work.resolve("package-lock.json");
        byte[] before = Files.exists(lock) ? Files.readAllBytes(lock) : null;
        for (String file : FILES) {
            Files.copy(SOURCES.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        return before == null || !Arrays.equals(before, Files.readAllBytes(lock));
    }

    /** Runs a command in {@code dir}, forwarding its output; fails with that output unless it exits 0 in time. */
    private static void run(Path dir, Map<String, String> env, Duration timeout, String... command)
            throws IOException, InterruptedException {
        String shown = String.join(" ", command);
        System.out.println("BrowserChatIT: " + shown + " (in " + dir + ")");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> forward(process, output), "browser-test-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // the server and Chromium too
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(5));
            fail(shown + " did not finish within " + timeout.toSeconds() + " s; output:\n" + joined(output));
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        assertEquals(0, process.exitValue(), shown + " failed; output:\n" + joined(output));
    }

    private static void forward(Process process, List<String> output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                System.out.println(line);
                synchronized (output) {
                    output.add(line);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static String joined(List<String> output) {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else chromium on the PATH. */
    private static Optional<Path> chromium() {
        String configured = System.getenv("CHROMIUM_PATH");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                fail("CHROMIUM_PATH=" + configured + " is not an executable file");
            }
            return Optional.of(path);
        }
        Path debian = Path.of("/usr/bin/chromium");
        return Files.isExecutable(debian) ? Optional.of(debian) : executable("chromium");
    }

    private static Optional<Path> executable(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
