package chat.redis;

import chat.core.broker.Broker;
import chat.core.broker.BrokerListener;
import chat.core.testing.TestResources;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.Jedis;

import java.io.IOException;

/**
 * Real Redis for a test class, and whatever each test opens on it: a JUnit extension, registered
 * on a static field.
 *
 * <p><b>Starts</b>, before the class's first test: one {@code redis-server} with
 * {@link #serverForClass()}, a three-master cluster with {@link #clusterForClass()}, nothing with
 * {@link #perTest()}. Any test may also start a Redis of its own ({@link #startServer()},
 * {@link #startServerOn(int)}, {@link #startCluster(int)}), for instance to stop it.
 *
 * <p><b>Closes</b>, after each test, what the test started or handed over
 * ({@link #start(Broker, BrokerListener)}, {@link #jedis()}, {@link #closeAfterTest}), in reverse
 * order, so brokers go before a server the test started for them; every close runs even if one
 * fails. After the class's last test it stops the class's server or cluster.
 *
 * <p><b>Configured</b> by the factory chosen; a test builds its broker's settings from
 * {@link #config()}. On a static field, its after-test closing runs after that of fixtures on
 * instance fields (JUnit runs after-each callbacks in reverse order of registration, static fields
 * first), so a chat server started by such a fixture is closed before the Redis it uses.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisFixture REDIS = RedisFixture.serverForClass();
 *
 * @Test
 * void ...() {
 *     RedisBroker broker = REDIS.start(new RedisBroker(REDIS.config(), "east"), listener);
 * }
 * }</pre>
 */
public final class RedisFixture implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private enum ForClass { SERVER, CLUSTER, NOTHING }

    private final ForClass forClass;
    private final TestResources openedByTest = new TestResources();
    private RedisServer server;
    private RedisCluster cluster;

    private RedisFixture(ForClass forClass) {
        this.forClass = forClass;
    }

    /** One {@code redis-server} on a free loopback port for the whole class. */
    public static RedisFixture serverForClass() {
        return new RedisFixture(ForClass.SERVER);
    }

    /** A three-master Redis Cluster ({@link RedisCluster#start()}) for the whole class. */
    public static RedisFixture clusterForClass() {
        return new RedisFixture(ForClass.CLUSTER);
    }

    /** No Redis for the class: each test starts its own, closed after it. */
    public static RedisFixture perTest() {
        return new RedisFixture(ForClass.NOTHING);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        switch (forClass) {
            case SERVER -> server = RedisServer.start();
            case CLUSTER -> cluster = RedisCluster.start();
            case NOTHING -> { }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        openedByTest.close();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The class's {@code redis-server}. */
    public RedisServer server() {
        if (server == null) {
            throw new IllegalStateException("no redis-server for the class: register RedisFixture.serverForClass() on a static field");
        }
        return server;
    }

    /** The class's cluster. */
    public RedisCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("no cluster for the class: register RedisFixture.clusterForClass() on a static field");
        }
        return cluster;
    }

    /** Settings reaching the class's Redis ({@code REDIS_URL}, or {@code REDIS_CLUSTER_NODES} for a cluster), all else default. */
    public RedisConfig config() {
        return forClass == ForClass.CLUSTER ? RedisConfig.fromClusterNodes(cluster().seeds())
                : RedisConfig.fromUrl(server().url());
    }

    /** Starts {@code broker} with {@code listener}; it is closed after the test, even if it fails to start. */
    public <B extends Broker> B start(B broker, BrokerListener listener) {
        closeAfterTest(broker);
        broker.start(listener);
        return broker;
    }

    /** A plain connection to the class's server, as anyone who can reach Redis has; closed after the test. */
    public Jedis jedis() {
        return closeAfterTest(new Jedis("127.0.0.1", server().port()));
    }

    /** A fresh server on a free port for this test only. */
    public RedisServer startServer() throws IOException {
        return closeAfterTest(RedisServer.start());
    }

    /** A server on {@code port} (one from {@link RedisServer#freePort()}) for this test only. */
    public RedisServer startServerOn(int port) throws IOException {
        return closeAfterTest(RedisServer.startOn(port));
    }

    /** A cluster of three masters with {@code replicasPerMaster} replicas each, for this test only. */
    public RedisCluster startCluster(int replicasPerMaster) throws IOException {
        return closeAfterTest(RedisCluster.start(replicasPerMaster));
    }

    /** Closes {@code resource} after the test, before whatever the test handed over earlier. */
    public <T extends AutoCloseable> T closeAfterTest(T resource) {
        return openedByTest.add(resource);
    }
}
