package chat.runner;

import chat.config.ConfigException;
import chat.redis.Brokers;
import chat.redis.RedisConfig;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;

/**
 * {@code java -jar chat-runner.jar}: reads the environment, starts the server, and on SIGTERM or
 * SIGINT shuts down gracefully and exits 0. Exit code 2 means a bad configuration, 1 a failed start.
 */
public final class Main {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        configureLogging();
        ServerConfig config;
        try {
            config = ServerConfig.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("chat-server: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        long startNanos = System.nanoTime();
        ChatServer server;
        try {
            server = ChatServer.start(config, Brokers.of(config.redis(), config.instanceId(), config.history()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "instance {0}: cannot start: {1}", config.instanceId(), e.getMessage());
            System.exit(1);
            return;
        }
        LOG.log(System.Logger.Level.INFO,
                "instance {0} listening on {1} (page {2}, bind {3}:{4}, broker {5}, started in {6} ms)",
                config.instanceId(), server.chatUri(), server.pageUri(), config.host(), String.valueOf(server.port()),
                config.redis().map(RedisConfig::safeUrl).orElse("in-process"),
                String.valueOf((System.nanoTime() - startNanos) / 1_000_000));

        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.onStop(stop::countDown);
        stop.await();
        boolean clean = server.shutdownGracefully();
        LOG.log(System.Logger.Level.INFO, "instance {0} stopped{1}", config.instanceId(),
                clean ? "" : " (some connections were closed hard)");
        System.exit(0);
    }

    /** One-line log format unless the operator points java.util.logging at a file of their own. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream in = Main.class.getResourceAsStream("/chat-logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("chat-server: default logging configuration unreadable, using the JDK's: " + e);
        }
    }
}
