package chat.redis;

import chat.core.broker.BrokerUnavailableException;
import chat.core.protocol.ChatMessage;
import chat.core.history.HistoryBounds;
import chat.core.history.HistoryPolicy;
import chat.core.history.HistorySlice;
import chat.core.events.Limit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static chat.redis.BrokerCalls.talk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * History reads against a real redis-server: they have their own threads and queue, apart from
 * publishing. Full queues are refused and reported. (That a replay reads only what it may return,
 * through a real server, is {@code RedisReplayReadTest} in chat-runner.)
 */
class RedisHistoryReadTest {
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.serverForClass();
    private final RecordingListener listener = new RecordingListener();

    private RedisBroker broker(RedisConfig config, HistoryPolicy history) {
        return REDIS.start(new RedisBroker(config, "reads", history), listener);
    }

    @Test
    void talksSucceedWhileTheHistoryReadQueueIsFull() throws Exception {
        RedisBroker broker = broker(REDIS.config()
                .withTimings(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(500)), HistoryPolicy.DEFAULT);
        broker.subscribe("busy").toCompletableFuture().get(5, TimeUnit.SECONDS);
        String kilobyte = "x".repeat(1_000);
        for (int i = 1; i <= 100; i++) { // every page read below is 100 KB: what a HISTORY flood asks for
            broker.publish(talk("busy", kilobyte)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(i, listener.next().seq());
        }

        List<CompletableFuture<HistorySlice>> reads = new ArrayList<>();
        for (int i = 0; i < 2 * RedisConfig.READ_QUEUE; i++) { // many more than the readers can take in time
            reads.add(broker.historyBefore("busy", Long.MAX_VALUE, new HistoryBounds(100, 128 << 10)).toCompletableFuture());
        }
        broker.publish(talk("busy", "still accepted")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        ChatMessage delivered = listener.next();
        assertEquals("still accepted", delivered.message());
        assertEquals(101, delivered.seq());

        assertTrue(listener.limitsReached(Limit.BROKER_QUEUE) > 0, "a full read queue is reported");
        Throwable refused = reads.get(reads.size() - 1).handle((slice, e) -> e).join();
        assertInstanceOf(BrokerUnavailableException.class,
                refused instanceof CompletionException ? refused.getCause() : refused, "the last read found the queue full");
    }

    @Test
    void aFullPublishQueueFailsTheTalkAsUnavailableAndIsReported() throws Exception {
        RedisConfig base = REDIS.config();
        RedisConfig oneWaiting = new RedisConfig(base.host(), base.port(), null, null, 0, false, 1, 1, Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofMillis(500), 1, List.of(), 1, base.prefix());
        RedisBroker broker = broker(oneWaiting, HistoryPolicy.DEFAULT);
        List<CompletableFuture<ChatMessage>> talks = new ArrayList<>();
        for (int i = 0; i < 50; i++) { // one runs, one waits, the others find the queue full
            talks.add(broker.publish(talk("crowded", "t" + i)).toCompletableFuture());
        }
        long refused = talks.stream().map(t -> t.handle((ok, e) -> e).join())
                .filter(e -> (e instanceof CompletionException ? e.getCause() : e) instanceof BrokerUnavailableException)
                .count();
        assertTrue(refused > 0, "no TALK was refused");
        assertEquals(refused, listener.limitsReached(Limit.BROKER_QUEUE));
    }
}
