package chat.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chat.core.broker.BrokerUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** A command's failure, whatever it throws, fails that command alone: its caller hears of it, the next runs. */
class RedisCommandsTest {
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.perTest();
    private RedisCommands commands;

    @BeforeEach
    void start() throws IOException {
        RedisClient client = REDIS.closeAfterTest(RedisClient.create(REDIS.startServer().url()));
        commands = REDIS.closeAfterTest(new RedisCommands("test commands", "test-redis-", 1, 10, Duration.ofSeconds(2),
                () -> client, () -> { }));
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
