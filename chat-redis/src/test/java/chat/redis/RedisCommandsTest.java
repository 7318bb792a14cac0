package chat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chat.core.broker.BrokerUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** A command's failure, whatever it throws, fails that command alone: its caller hears of it, the next runs. */
class RedisCommandsTest {
    private RedisServer redis;
    private RedisClient client;
    private RedisCommands commands;

    @BeforeEach
    void start() throws IOException {
        redis = RedisServer.start();
        client = RedisClient.create(redis.url());
        commands = new RedisCommands("test commands", "test-redis-", 1, 10, Duration.ofSeconds(2), () -> client, () -> { });
    }

    @AfterEach
    void stop() {
        commands.close();
        client.close();
        redis.close();
    }

    @Test
    void aCommandThatThrowsAnErrorFailsWithUnavailableAndTheNextOneRuns() throws Exception {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> commands.submit(r -> {
            throw new AssertionError("a bug in a command");
        }, () -> true, "down").toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertInstanceOf(BrokerUnavailableException.class, failed.getCause());

        assertEquals("PONG", commands.submit(r -> r.ping(), () -> true, "down").toCompletableFuture()
                .get(5, TimeUnit.SECONDS));
    }
}
