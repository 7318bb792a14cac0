package chat.redis;

import chat.core.broker.Broker;
import chat.core.broker.BrokerUnavailableException;
import chat.core.protocol.ChatMessage;
import chat.core.broker.inprocess.InProcessBroker;
import chat.core.history.HistoryPolicy;
import chat.core.protocol.MessageType;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static chat.redis.BrokerCalls.await;
import static chat.redis.BrokerCalls.talk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The guarantees of the {@link Broker} interface, checked on every implementation: in-process, one
 * Redis ({@link RedisBroker}) and a three-master Redis Cluster ({@link RedisClusterBroker}), each
 * started once for the class.
 */
class BrokerContractTest {
    @RegisterExtension
    static final RedisFixture REDIS = RedisFixture.serverForClass();
    @RegisterExtension
    static final RedisFixture CLUSTER = RedisFixture.clusterForClass();
    private final BlockingQueue<ChatMessage> received = new LinkedBlockingQueue<>();

    private Broker broker(String kind) {
        return broker(kind, "contract", received);
    }

    /** A started broker of {@code kind}; a Redis broker is connected, so the contract applies at once. */
    private Broker broker(String kind, String instanceId, BlockingQueue<ChatMessage> into) {
        Broker broker = switch (kind) {
            case "in-process" -> new InProcessBroker();
            case "redis" -> new RedisBroker(REDIS.config()
                    .withTimings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(500)), instanceId);
            // start waits for every shard's connection up to the timeout: longer than one server's first connect
            case "redis-cluster" -> new RedisClusterBroker(CLUSTER.config()
                    .withTimings(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMillis(500)), instanceId,
                    HistoryPolicy.DEFAULT);
            default -> throw new IllegalArgumentException(kind);
        };
        REDIS.start(broker, into::add); // whatever its kind, closed after the test
        assertTrue(broker.isAvailable(), kind + " broker not connected when start returned");
        return broker;
    }

    /**
     * A room other than {@code room} whose subscription is carried on the same connection as
     * {@code room}'s: a round trip on it follows whatever was sent for {@code room} before.
     */
    private static String onTheSameConnectionAs(String kind, String room, String name) {
        for (int i = 0; ; i++) {
            String candidate = i == 0 ? name : name + "-" + i;
            boolean same = switch (kind) {
                case "in-process" -> true;
                case "redis" -> Math.floorMod(candidate.hashCode(), RedisConfig.DEFAULT_SUBSCRIBERS)
                        == Math.floorMod(room.hashCode(), RedisConfig.DEFAULT_SUBSCRIBERS);
                case "redis-cluster" -> CLUSTER.cluster().ownerOf(RoomKeys.slotKey(candidate))
                        == CLUSTER.cluster().ownerOf(RoomKeys.slotKey(room));
                default -> throw new IllegalArgumentException(kind);
            };
            if (same) {
                return candidate;
            }
        }
    }

    private ChatMessage next() throws InterruptedException {
        ChatMessage m = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(m, "nothing delivered within 5 s");
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis", "redis-cluster"})
    void publishedMessageOfASubscribedRoomIsDeliveredWhole(String kind) throws Exception {
        Broker broker = broker(kind);
        await(broker.subscribe("r1"));
        ChatMessage sent = new ChatMessage(MessageType.ENTER, "r1", "ann@x", "héllo \"quoted\" ✓", 1764100000123L);
        await(broker.publish(sent));
        assertEquals(sent, next());
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis", "redis-cluster"})
    void roomsNotSubscribedAreNotDelivered(String kind) throws Exception {
        Broker broker = broker(kind);
        await(broker.subscribe("mine"));
        await(broker.publish(talk("not-mine", "x")));
        await(broker.publish(talk("mine", "barrier")));
        assertEquals("barrier", next().message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis", "redis-cluster"})
    void oneRoomsMessagesArriveInPublishingOrder(String kind) throws Exception {
        Broker broker = broker(kind);
        await(broker.subscribe("ordered"));
        for (int i = 0; i < 200; i++) {
            await(broker.publish(talk("ordered", "m" + i)));
        }
        for (int i = 0; i < 200; i++) {
            assertEquals("m" + i, next().message());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis", "redis-cluster"})
    void unsubscribedRoomIsNoLongerDelivered(String kind) throws Exception {
        Broker broker = broker(kind);
        String stays = onTheSameConnectionAs(kind, "gone", "stays");
        await(broker.subscribe("gone"));
        await(broker.subscribe(stays));
        await(broker.unsubscribe("gone"));
        await(broker.subscribe(stays)); // a round trip on the same connection: the unsubscribe is done
        await(broker.publish(talk("gone", "lost on purpose")));
        await(broker.publish(talk(stays, "barrier")));
        assertEquals("barrier", next().message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis", "redis-cluster"})
    void everySubscribedInstanceReceivesTheSameOrder(String kind) throws Exception {
        if (kind.equals("in-process")) {
            return; // one instance only: nothing to share
        }
        BlockingQueue<ChatMessage> other = new LinkedBlockingQueue<>();
        Broker first = broker(kind);
        Broker second = broker(kind, "contract-2", other);
        await(first.subscribe("shared"));
        await(second.subscribe("shared"));
        List<java.util.concurrent.CompletableFuture<ChatMessage>> sends = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sends.add((i % 2 == 0 ? first : second).publish(talk("shared", "m" + i)).toCompletableFuture());
        }
        for (var s : sends) {
            s.get(5, TimeUnit.SECONDS);
        }
        List<String> atFirst = new ArrayList<>();
        List<String> atSecond = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            atFirst.add(next().message());
            ChatMessage m = other.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                fail("second instance got " + atSecond.size() + " of 100");
            }
            atSecond.add(m.message());
        }
        assertEquals(atFirst, atSecond);
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis", "redis-cluster"})
    void publishAfterCloseFailsAsUnavailable(String kind) {
        Broker broker = broker(kind);
        broker.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> broker.publish(talk("r", "late")).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertInstanceOf(BrokerUnavailableException.class, e.getCause());
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis", "redis-cluster"})
    void talksAreNumberedStoredAndReadBackInSeqOrder(String kind) throws Exception {
        Broker broker = broker(kind);
        String room = "numbered-" + kind;
        await(broker.subscribe(room));
        await(broker.publish(new ChatMessage(MessageType.ENTER, room, "u", "", 1L)));
        for (int i = 1; i <= 3; i++) {
            await(broker.publish(talk(room, "m" + i)));
        }
        assertEquals(0, next().seq(), "ENTER has no seq");
        for (long seq = 1; seq <= 3; seq++) {
            ChatMessage m = next();
            assertEquals(seq, m.seq());
            assertEquals("m" + seq, m.message());
        }
        chat.core.history.HistorySlice after = broker.historyAfter(room, 1, new chat.core.history.HistoryBounds(1000, Long.MAX_VALUE)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("m2", "m3"), after.messages().stream().map(ChatMessage::message).toList());
        assertEquals(List.of(2L, 3L), after.messages().stream().map(ChatMessage::seq).toList());
        assertEquals(1, after.firstSeq());
        assertEquals(3, after.latestSeq());
        chat.core.history.HistorySlice before = broker.historyBefore(room, 3, new chat.core.history.HistoryBounds(1, Long.MAX_VALUE)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("m2"), before.messages().stream().map(ChatMessage::message).toList());
        chat.core.history.HistorySlice none = broker.historyAfter("never-" + kind, 0, new chat.core.history.HistoryBounds(1000, Long.MAX_VALUE)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(0, none.latestSeq());
        assertEquals(List.of(), none.messages());
    }

    @ParameterizedTest
    @ValueSource(strings = {"in-process", "redis", "redis-cluster"})
    void publishCompletesWithTheMessageAsPublishedAndATalkIsStoredEvenWithoutSubscribers(String kind) throws Exception {
        Broker broker = broker(kind);
        String room = "unwatched-" + kind;
        ChatMessage enter = new ChatMessage(MessageType.ENTER, room, "u", "", 1L);
        assertEquals(enter, broker.publish(enter).toCompletableFuture().get(5, TimeUnit.SECONDS));
        for (long seq = 1; seq <= 2; seq++) {
            ChatMessage numbered = broker.publish(talk(room, "m" + seq)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(seq, numbered.seq(), "the TALK as numbered");
            assertEquals("m" + seq, numbered.message());
        }
        chat.core.history.HistorySlice stored = broker.historyAfter(room, 0,
                new chat.core.history.HistoryBounds(1000, Long.MAX_VALUE)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("m1", "m2"), stored.messages().stream().map(ChatMessage::message).toList(),
                "stored though nobody subscribes the room");
        await(broker.subscribe(room));
        ChatMessage third = broker.publish(talk(room, "m3")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(3, third.seq());
        assertEquals(third, next(), "what publish completed with is what is delivered");
    }
}
