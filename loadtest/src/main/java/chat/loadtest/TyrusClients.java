package chat.loadtest;

import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientProperties;

import java.time.Duration;

/** Builds the one Tyrus client a run opens all of its connections with. */
final class TyrusClients {

    private TyrusClients() {
    }

    /**
     * A Grizzly-based client whose connections share one transport, so thousands of connections
     * cost a fixed handful of threads instead of three each (Tyrus' default).
     */
    static ClientManager create(Duration handshakeTimeout) {
        int cores = Runtime.getRuntime().availableProcessors();
        ClientManager client = ClientManager.createClient();
        client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
        client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, (int) handshakeTimeout.toMillis());
        // Grizzly runs one selector per core and wants one spare kernel thread besides
        client.getProperties().put(GrizzlyClientProperties.SELECTOR_THREAD_POOL_CONFIG,
                fixedPool("loadtest-selector", cores + 1));
        client.getProperties().put(GrizzlyClientProperties.WORKER_THREAD_POOL_CONFIG,
                fixedPool("loadtest-worker", Math.max(8, 2 * cores)));
        return client;
    }

    private static ThreadPoolConfig fixedPool(String name, int threads) {
        return ThreadPoolConfig.defaultConfig()
                .setPoolName(name)
                .setCorePoolSize(threads)
                .setMaxPoolSize(threads)
                .setDaemon(true);
    }
}
