package chat.runner.attack;

import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A side connection to the Redis the servers use: what it is busy with (commands per second, from
 * {@code INFO stats}) and a way in for an attacker who can reach it ({@code PUBLISH}). One thread.
 */
final class RedisProbe implements AutoCloseable {
    private final Jedis jedis;

    RedisProbe(int port) {
        this.jedis = new Jedis("127.0.0.1", port);
    }

    /** {@code total_commands_processed} from {@code INFO stats}. */
    long commandsProcessed() {
        for (String line : jedis.info("stats").split("\r?\n")) {
            if (line.startsWith("total_commands_processed:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("INFO stats has no total_commands_processed");
    }

    /** Commands Redis processed per second over {@code window} from now, less this probe's own INFO. */
    double commandsPerSecond(Duration window) {
        long before = commandsProcessed();
        long start = System.nanoTime();
        LockSupport.parkNanos(window.toNanos()); // measuring a rate over a window, not settling
        long after = commandsProcessed();
        double seconds = (System.nanoTime() - start) / 1e9;
        return Math.max(0, after - before - 1) / seconds;
    }

    /** {@code PUBLISH}; returns how many subscribers received it. */
    long publish(String channel, String message) {
        return jedis.publish(channel, message);
    }

    /** {@code GET key}, or null. */
    String get(String key) {
        return jedis.get(key);
    }

    @Override
    public void close() {
        jedis.close();
    }
}
