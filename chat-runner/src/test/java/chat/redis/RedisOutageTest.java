package chat.redis;

import chat.endpoint.contract.Await;
import chat.endpoint.contract.TestClient;
import chat.runner.ChatServer;
import chat.runner.ChatServers;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Redis going away and coming back while clients stay connected. (The broker on its own, without
 * a server: {@code RedisBrokerOutageTest} in chat-redis.)
 */
class RedisOutageTest {
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.perTest();
    @RegisterExtension
    final ChatServers servers = new ChatServers();

    private RedisBroker broker(int redisPort, String instanceId) {
        return new RedisBroker(RedisConfig.fromUrl("redis://127.0.0.1:" + redisPort)
                .withTimings(Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofMillis(300)), instanceId);
    }

    private ChatServer server(RedisBroker broker, String instanceId) throws IOException {
        return servers.start(ChatServers.loopback().withInstanceId(instanceId), broker);
    }

    /** Sends TALKs until one is echoed (UNAVAILABLE answers are expected while the broker recovers). */
    private static void talkUntilDelivered(TestClient sender, String room, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            sender.talk(room, text);
            JsonNode answer = sender.next();
            if (answer.path("type").asText().equals("TALK") && answer.path("message").asText().equals(text)) {
                return;
            }
            assertEquals("UNAVAILABLE", answer.path("code").asText(), "unexpected answer " + answer);
        }
        fail("no TALK delivered within 15 s after Redis came back");
    }

    @Test
    void redisRestartUnderTrafficRefusesTalkMeanwhileAndResumesWithoutReconnecting() throws IOException {
        RedisServer redis = REDIS.startServer();
        RedisBroker eastBroker = broker(redis.port(), "east");
        RedisBroker westBroker = broker(redis.port(), "west");
        ChatServer east = server(eastBroker, "east");
        ChatServer west = server(westBroker, "west");
        TestClient ann = servers.connect(east, "ann");
        TestClient bob = servers.connect(west, "bob");
        ann.enter("outage");
        ann.expect("ENTER", "outage", "ann");
        bob.enter("outage");
        bob.expect("ENTER", "outage", "bob");
        ann.expect("ENTER", "outage", "bob");

        redis.stop();
        Await.until(() -> !eastBroker.isAvailable() && !westBroker.isAvailable(), () -> "brokers still report Redis up");
        ann.talk("outage", "while down");
        JsonNode refused = ann.expectError("UNAVAILABLE");
        assertEquals("outage", refused.path("roomId").asText());
        assertTrue(ann.isOpen() && bob.isOpen(), "clients stay connected through the outage");

        redis.startAgain();
        // Pub/Sub keeps nothing: what is published before an instance has subscribed again is not
        // delivered there (its sender was told it was sent). Wait for both, then talk.
        Await.until(() -> eastBroker.isAvailable() && westBroker.isAvailable(), () -> "brokers did not reconnect");
        talkUntilDelivered(ann, "outage", "after restart");
        assertEquals("after restart", bob.expect("TALK", "outage", "ann").path("message").asText(),
                "west re-subscribed the room without bob reconnecting");
        talkUntilDelivered(bob, "outage", "and back"); // west may still be connecting its other subscriber
        assertEquals("and back", ann.expect("TALK", "outage", "bob").path("message").asText());
    }

    @Test
    void serverStartedWhileRedisIsDownServesClientsAndJoinsWhenRedisAppears() throws IOException {
        int port = RedisServer.freePort();
        RedisBroker eastBroker = broker(port, "east");
        RedisBroker westBroker = broker(port, "west");
        ChatServer east = server(eastBroker, "east");
        ChatServer west = server(westBroker, "west");
        TestClient ann = servers.connect(east, "ann");
        ann.enter("late");
        assertEquals("late", ann.expectError("UNAVAILABLE").path("roomId").asText());
        assertEquals(0, east.hub().roomCount(), "a refused join leaves no room behind");

        REDIS.startServerOn(port);
        Await.until(() -> eastBroker.isAvailable() && westBroker.isAvailable(), () -> "brokers did not connect to Redis");
        ann.enter("late");
        ann.expect("ENTER", "late", "ann");
        TestClient bob = servers.connect(west, "bob");
        bob.enter("late");
        bob.expect("ENTER", "late", "bob");
        ann.expect("ENTER", "late", "bob");
        bob.talk("late", "cross-instance works");
        ann.expect("TALK", "late", "bob");
    }

    @Test
    void halfOpenSubscriberConnectionIsDetectedByPingAndReplaced() throws IOException {
        RedisServer redis = REDIS.startServer();
        FreezableProxy link = REDIS.closeAfterTest(new FreezableProxy(redis.port()));
        RedisBroker viaLink = broker(link.port(), "east");
        ChatServer east = server(viaLink, "east");
        RedisBroker direct = broker(redis.port(), "west");
        ChatServer west = server(direct, "west");
        TestClient ann = servers.connect(east, "ann");
        ann.enter("frozen");
        ann.expect("ENTER", "frozen", "ann");
        TestClient bob = servers.connect(west, "bob");
        bob.enter("frozen");
        bob.expect("ENTER", "frozen", "bob");
        ann.expect("ENTER", "frozen", "bob");

        link.freeze(); // no FIN, no RST: only the missing PONG can tell
        Await.until(() -> !viaLink.isAvailable(), () -> "a silent subscriber connection was not detected");
        link.dropAll();
        link.thaw();
        Await.until(viaLink::isAvailable, () -> "the broker did not reconnect after the link came back");

        bob.talk("frozen", "through the new connection");
        bob.expect("TALK", "frozen", "bob");
        assertEquals("through the new connection", ann.expect("TALK", "frozen", "bob").path("message").asText());
    }
}
