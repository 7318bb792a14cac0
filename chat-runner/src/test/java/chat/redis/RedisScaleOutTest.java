package chat.redis;

import chat.endpoint.contract.Await;
import chat.endpoint.contract.RawWebSocket;
import chat.endpoint.contract.TestClient;
import chat.endpoint.contract.TestClients;
import chat.runner.ChatServer;
import chat.runner.ChatServers;
import chat.runner.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two server instances sharing rooms through one real redis-server. */
class RedisScaleOutTest {
    private static final RoomKeys KEYS = new RoomKeys(RedisConfig.DEFAULT_PREFIX);
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.serverForClass();
    private static ChatServer east;
    private static ChatServer west;
    private final TestClients clients = new TestClients();

    /** Both instances for the whole class (closed before the fixture stops Redis). */
    @BeforeAll
    static void start() throws IOException {
        east = ChatServer.start(config("east"), new RedisBroker(redisConfig(), "east"));
        west = ChatServer.start(config("west"), new RedisBroker(redisConfig(), "west"));
    }

    static RedisConfig redisConfig() {
        return REDIS.config().withTimings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(500));
    }

    static ServerConfig config(String instanceId) {
        return ChatServers.loopback().withInstanceId(instanceId).withLimits(ChatServers.floodControlOff());
    }

    @AfterAll
    static void stop() {
        west.close();
        east.close();
    }

    @AfterEach
    void closeClientsAndCheckNothingIsLeft() {
        clients.close();
        for (ChatServer s : List.of(east, west)) {
            Await.until(() -> s.hub().connectionCount() == 0 && s.hub().roomCount() == 0,
                    () -> "state left on an instance: " + s.hub().connectionCount() + " connections, "
                            + s.hub().roomCount() + " rooms");
        }
    }

    private TestClient on(ChatServer server, String userId) {
        return clients.connect(server.chatUri(), userId);
    }

    private TestClient joined(ChatServer server, String userId, String room) {
        TestClient c = on(server, userId);
        c.enter(room);
        c.expect("ENTER", room, userId);
        return c;
    }

    @Test
    void usersOnDifferentInstancesExchangeEnterTalkAndLeave() {
        TestClient ann = joined(east, "ann", "lobby");
        TestClient bob = joined(west, "bob", "lobby");
        ann.expect("ENTER", "lobby", "bob");

        ann.talk("lobby", "hi from east");
        assertEquals("hi from east", bob.expect("TALK", "lobby", "ann").path("message").asText());
        ann.expect("TALK", "lobby", "ann");

        bob.talk("lobby", "hi from west");
        assertEquals("hi from west", ann.expect("TALK", "lobby", "bob").path("message").asText());

        bob.send("LEAVE", "lobby", "");
        ann.expect("LEAVE", "lobby", "bob");
    }

    @Test
    void roomsStayIsolatedAcrossInstances() {
        TestClient a = joined(east, "a", "room-a");
        TestClient b = joined(west, "b", "room-b");
        a.talk("room-a", "for a only");
        a.expect("TALK", "room-a", "a");
        b.talk("room-b", "barrier");
        b.expect("TALK", "room-b", "b");
        assertEquals(0, b.pending());
        assertEquals(0, a.pending());
    }

    @Test
    void anInstanceSubscribesARoomOnlyWhileItHasMembersThere() {
        String channel = KEYS.channel("interest");
        TestClient onEast = joined(east, "e1", "interest");
        assertEquals(1, REDIS.server().subscribers(channel), "only east hosts the room");
        TestClient onWest = joined(west, "w1", "interest");
        onEast.expect("ENTER", "interest", "w1");
        assertEquals(2, REDIS.server().subscribers(channel));

        onWest.send("LEAVE", "interest", "");
        onEast.expect("LEAVE", "interest", "w1");
        Await.until(() -> REDIS.server().subscribers(channel) == 1, () -> "west still subscribed after its last member left");
        onEast.close();
        Await.until(() -> REDIS.server().subscribers(channel) == 0, () -> "east still subscribed after its last member left");
    }

    @Test
    void twoConnectionsOfOneUserOnDifferentInstancesAreIndependent() {
        TestClient phone = joined(east, "sam", "devices");
        TestClient laptop = joined(west, "sam", "devices");
        phone.expect("ENTER", "devices", "sam");
        TestClient friend = joined(west, "friend", "devices");
        phone.expect("ENTER", "devices", "friend");
        laptop.expect("ENTER", "devices", "friend");

        phone.close();
        laptop.expect("LEAVE", "devices", "sam");
        friend.expect("LEAVE", "devices", "sam");
        friend.talk("devices", "laptop still here");
        laptop.expect("TALK", "devices", "friend");
    }

    @Test
    void abruptDisconnectOnOneInstanceIsALeaveOnTheOther() throws IOException {
        TestClient watcher = joined(west, "watcher", "crash");
        RawWebSocket raw = RawWebSocket.connect(east.port(), "/ws/chat?userId=crasher");
        raw.sendText("{\"type\":\"ENTER\",\"roomId\":\"crash\"}");
        watcher.expect("ENTER", "crash", "crasher");
        raw.reset();
        watcher.expect("LEAVE", "crash", "crasher");
    }

    @Test
    void everyMemberOnEveryInstanceSeesOneOrder() {
        TestClient e1 = joined(east, "e1", "order");
        TestClient w1 = joined(west, "w1", "order");
        e1.expect("ENTER", "order", "w1");
        for (int i = 0; i < 50; i++) {
            e1.talk("order", "e" + i);
            w1.talk("order", "w" + i);
        }
        List<String> atEast = new ArrayList<>();
        List<String> atWest = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            atEast.add(e1.next().path("message").asText());
            atWest.add(w1.next().path("message").asText());
        }
        assertEquals(atEast, atWest);
    }
}
