package chat.redis;

import chat.core.broker.Broker;
import chat.core.history.HistoryPolicy;
import chat.core.broker.inprocess.InProcessBroker;

import java.util.Optional;

/** Picks the broker a configuration asks for. */
public final class Brokers {
    private Brokers() {
    }

    /**
     * A Redis Cluster broker, a single-Redis broker, or, without Redis, the in-process broker (one
     * instance only). Not started yet: {@link Broker#start} it with the hub.
     *
     * @param instanceId this instance's name in logs and in the broker's client names
     */
    public static Broker of(Optional<RedisConfig> redis, String instanceId, HistoryPolicy history) {
        return redis.<Broker>map(r -> r.isCluster()
                        ? new RedisClusterBroker(r, instanceId, history)
                        : new RedisBroker(r, instanceId, history))
                .orElseGet(() -> new InProcessBroker(history));
    }
}
