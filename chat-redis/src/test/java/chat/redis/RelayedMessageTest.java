package chat.redis;

import chat.core.protocol.ChatMessage;
import chat.core.history.HistoryPolicy;
import chat.core.protocol.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static chat.redis.BrokerCalls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * What arrives on a room's channel is not trusted: anyone who can reach Redis can publish there.
 * Messages that are not valid chat messages of the channel's room are dropped and counted.
 */
class RelayedMessageTest {
    private static final RoomKeys KEYS = new RoomKeys(RedisConfig.DEFAULT_PREFIX);
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.serverForClass();
    private final RecordingListener listener = new RecordingListener();

    private RedisBroker broker() {
        return REDIS.start(new RedisBroker(REDIS.config()
                .withTimings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(500)), "relay",
                HistoryPolicy.DEFAULT), listener);
    }

    /** Publishes a marker on room {@code room} through the broker and checks it is the next message delivered. */
    private void barrier(RedisBroker broker, String room) throws Exception {
        await(broker.publish(new ChatMessage(MessageType.ENTER, room, "barrier", "", 1L)));
        ChatMessage next = listener.next();
        assertEquals("barrier", next.userId(), "delivered before the barrier: " + next);
    }

    @Test
    void aMessageOnRoomRsChannelNamingRoomSIsNotDeliveredAndIsCounted() throws Exception {
        RedisBroker broker = broker();
        await(broker.subscribe("r"));
        await(broker.subscribe("s"));
        REDIS.jedis().publish(KEYS.channel("r"),
                "{\"type\":\"TALK\",\"roomId\":\"s\",\"userId\":\"mallory\",\"message\":\"hi\",\"ts\":1,\"seq\":1}");
        barrier(broker, "r"); // same channel, same subscriber connection: read after the forged one
        assertEquals(1, listener.invalidDropped());
        assertEquals(0, listener.pending());
    }

    @Test
    void textOnARoomChannelThatIsNotAValidChatMessageIsDroppedAndCounted() throws Exception {
        RedisBroker broker = broker();
        await(broker.subscribe("r"));
        Jedis outsider = REDIS.jedis();
        List<String> invalid = List.of(
                "not json",
                "[1,2]",
                "{\"type\":\"PING\",\"roomId\":\"r\",\"userId\":\"u\",\"message\":\"\",\"ts\":1}",
                "{\"type\":\"TALK\",\"roomId\":\"r\",\"userId\":\"not a user id\",\"message\":\"\",\"ts\":1,\"seq\":1}",
                "{\"type\":\"TALK\",\"roomId\":\"r\",\"userId\":\"u\",\"message\":\"\\ud800\",\"ts\":1,\"seq\":1}",
                "{\"type\":\"TALK\",\"roomId\":\"r\",\"userId\":\"u\",\"message\":\"\",\"ts\":-1,\"seq\":1}",
                "{\"type\":\"TALK\",\"roomId\":\"r\",\"userId\":\"u\",\"message\":\"\",\"ts\":1,\"seq\":0}",
                "{\"type\":\"ENTER\",\"roomId\":\"r\",\"userId\":\"u\",\"message\":\"\",\"ts\":1,\"seq\":3}",
                "{\"type\":\"TALK\",\"roomId\":\"bad room!\",\"userId\":\"u\",\"message\":\"\",\"ts\":1,\"seq\":1}");
        for (String text : invalid) {
            outsider.publish(KEYS.channel("r"), text);
        }
        barrier(broker, "r");
        assertEquals(invalid.size(), listener.invalidDropped());
    }

    @Test
    void aFloodOfDroppedMessagesLogsOneLineWithoutAStackTrace() throws Exception {
        try (RecordedLog log = RecordedLog.of(RoomTraffic.class, Level.ALL)) {
            RedisBroker broker = broker();
            await(broker.subscribe("flooded"));
            Jedis outsider = REDIS.jedis();
            for (int i = 0; i < 500; i++) {
                outsider.publish(KEYS.channel("flooded"), "garbage " + i);
            }
            barrier(broker, "flooded");
            assertEquals(500, listener.invalidDropped());
            assertEquals(1, log.records().size(), "log lines: " + log.messages());
            assertEquals(Level.WARNING, log.records().get(0).getLevel());
            assertNull(log.records().get(0).getThrown());
        }
    }
}
