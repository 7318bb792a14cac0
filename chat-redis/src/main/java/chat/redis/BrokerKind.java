package chat.redis;

/**
 * What tells the two Redis brokers apart to an operator and to clients, in one place so that the
 * shared {@link RedisBrokerShell} speaks with each one's own names: the kind in {@code /health},
 * the logger and the words its lines start with, the thread names, the Pub/Sub flavour, and the
 * reasons clients read in an {@code UNAVAILABLE} error. Immutable.
 */
enum BrokerKind {
    REDIS("redis", RedisBroker.class, "redis broker", PubSub.CLASSIC, "chat-redis-pub-", "chat-redis-ping-",
            "redis broker: {0} unreachable at start-up; serving WebSocket clients without it (room traffic is"
                    + " refused with UNAVAILABLE) and retrying every <= {1} ms") {
        @Override
        String roomDown(String roomId) {
            return "redis is not connected";
        }

        @Override
        String readsDown() {
            return "redis broker is closed";
        }

        @Override
        String notConnected() {
            return "redis is not connected";
        }
    },
    REDIS_CLUSTER("redis-cluster", RedisClusterBroker.class, "redis cluster broker", PubSub.SHARDED, "chat-redis-cmd-",
            "chat-redis-cluster-", "redis cluster broker: {0} not fully reachable at start-up; rooms of unreachable"
                    + " shards are refused with UNAVAILABLE, retrying in the background") {
        @Override
        String roomDown(String roomId) {
            return "the redis cluster node of room " + roomId + " is not connected";
        }

        @Override
        String readsDown() {
            return "redis cluster is not connected";
        }

        @Override
        String notConnected() {
            return "redis cluster is not connected";
        }
    };

    private final String label;
    private final System.Logger log;
    private final String logName;
    private final PubSub pubSub;
    private final String commandThreads;
    private final String schedulerThreads;
    private final String unreachableAtStart;

    BrokerKind(String label, Class<?> broker, String logName, PubSub pubSub, String commandThreads,
               String schedulerThreads, String unreachableAtStart) {
        this.label = label;
        this.log = System.getLogger(broker.getName());
        this.logName = logName;
        this.pubSub = pubSub;
        this.commandThreads = commandThreads;
        this.schedulerThreads = schedulerThreads;
        this.unreachableAtStart = unreachableAtStart;
    }

    /** What {@code Broker.kind()} answers: {@code redis} or {@code redis-cluster}. */
    String label() {
        return label;
    }

    /** The logger operators know, named after the public broker class. */
    System.Logger log() {
        return log;
    }

    /** How the broker's log lines name it: {@code redis broker}, {@code redis cluster broker}. */
    String logName() {
        return logName;
    }

    PubSub pubSub() {
        return pubSub;
    }

    /** The name prefix of the threads that publish and run housekeeping commands. */
    String commandThreads() {
        return commandThreads;
    }

    /** The name prefix of the thread that runs heartbeats and retention refreshes. */
    String schedulerThreads() {
        return schedulerThreads;
    }

    /**
     * The warning of a broker that starts without (all of) Redis, saying what that means for
     * traffic: a pattern of {@code {0}} the URL without credentials, {@code {1}} the reconnect cap in ms.
     */
    String unreachableAtStart() {
        return unreachableAtStart;
    }

    /** Why a room's traffic is refused while its Redis is unreachable (clients read it). */
    abstract String roomDown(String roomId);

    /** Why a history read is refused before the broker can read (clients read it). */
    abstract String readsDown();

    /** Why a housekeeping command (a retention renewal) is refused; never shown to clients. */
    abstract String notConnected();
}
