package chat.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every command a redis-server runs, scripts' commands included ({@code MONITOR}), from when it is
 * opened until it is closed: to check what a script read, not only how often it ran.
 */
public final class RedisMonitor implements AutoCloseable {
    private final RedisServer redis;
    private final Socket socket = new Socket();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    public RedisMonitor(RedisServer redis) throws IOException {
        this.redis = redis;
        socket.connect(new InetSocketAddress("127.0.0.1", redis.port()), 1000);
        socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.UTF_8));
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("+OK", in.readLine(), "MONITOR started");
        reader = new Thread(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // close() ended it
            }
        }, "redis-monitor-" + redis.port());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The commands seen so far that match, once every command sent before this call was seen:
     * a marker command goes last and is awaited (up to 10 s).
     */
    public List<String> commands(Predicate<String> matching) {
        String marker = "monitor-marker-" + System.nanoTime();
        redis.command("ECHO " + marker);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (lines.stream().noneMatch(line -> line.contains(marker))) {
            if (System.nanoTime() > deadline) {
                fail("MONITOR did not show " + marker + " within 10 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
        return lines.stream().filter(matching).toList();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
