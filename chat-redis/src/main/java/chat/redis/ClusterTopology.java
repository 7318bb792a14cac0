package chat.redis;

import chat.core.broker.BrokerUnavailableException;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.resps.ClusterShardInfo;
import redis.clients.jedis.resps.ClusterShardNodeInfo;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Which master node ({@code host:port}) serves each of Redis Cluster's 16,384 hash slots. */
final class ClusterTopology {
    static final int SLOTS = 16_384;

    private final String[] ownerBySlot;
    private final Set<String> masters;

    private ClusterTopology(String[] ownerBySlot) {
        this.ownerBySlot = ownerBySlot;
        TreeSet<String> nodes = new TreeSet<>();
        for (String owner : ownerBySlot) {
            if (owner != null) {
                nodes.add(owner);
            }
        }
        this.masters = Set.copyOf(nodes);
    }

    /**
     * Asks the seeds, then the masters of the {@code known} map (null when none is known yet), in
     * turn ({@code CLUSTER SHARDS}) until one answers.
     *
     * @throws BrokerUnavailableException when none does
     */
    static ClusterTopology fetch(List<HostAndPort> seeds, ClusterTopology known, JedisClientConfig config, boolean tls) {
        Set<HostAndPort> candidates = new LinkedHashSet<>(seeds);
        if (known != null) {
            known.masters().forEach(node -> candidates.add(HostAndPort.from(node)));
        }
        return fetch(candidates, config, tls);
    }

    /**
     * Asks the nodes in turn ({@code CLUSTER SHARDS}) until one answers.
     *
     * @throws BrokerUnavailableException when none does
     */
    static ClusterTopology fetch(Collection<HostAndPort> nodes, JedisClientConfig config, boolean tls) {
        RuntimeException last = null;
        for (HostAndPort node : nodes) {
            try (Jedis jedis = new Jedis(node, config)) {
                return of(jedis.clusterShards(), tls);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new BrokerUnavailableException("no redis cluster node answered CLUSTER SHARDS"
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    static ClusterTopology of(List<ClusterShardInfo> shards, boolean tls) {
        String[] owners = new String[SLOTS];
        for (ClusterShardInfo shard : shards) {
            String master = null;
            for (ClusterShardNodeInfo node : shard.getNodes()) {
                if ("master".equals(node.getRole())) {
                    Long port = tls && node.getTlsPort() != null ? node.getTlsPort() : node.getPort();
                    master = node.getIp() + ":" + port;
                }
            }
            if (master == null) {
                continue;
            }
            for (List<Long> range : shard.getSlots()) {
                for (long slot = range.get(0); slot <= range.get(1); slot++) {
                    owners[(int) slot] = master;
                }
            }
        }
        return new ClusterTopology(owners);
    }

    /** The node serving the room's keys and shard channel, or null while no node serves its slot. */
    String nodeFor(String roomId) {
        return ownerBySlot[JedisClusterCRC16.getSlot(RoomKeys.slotKey(roomId))];
    }

    /** The node serving a channel's or key's slot. */
    String ownerOf(String keyOrChannel) {
        return ownerBySlot[JedisClusterCRC16.getSlot(keyOrChannel)];
    }

    Set<String> masters() {
        return masters;
    }

    /**
     * A shard channel in a slot {@code node} serves, for its subscriber's heartbeat (a shard
     * channel can only be subscribed on the node that owns its slot).
     */
    String controlChannelFor(String node, RoomKeys keys, String instanceId) {
        for (int i = 0; i < 1_000_000; i++) {
            String channel = keys.shardControlChannel(instanceId, i);
            if (node.equals(ownerOf(channel))) {
                return channel;
            }
        }
        throw new IllegalArgumentException(node + " serves no slot");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterTopology t && Arrays.equals(ownerBySlot, t.ownerBySlot);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ownerBySlot);
    }

    @Override
    public String toString() {
        return "ClusterTopology" + masters;
    }
}
