package chat.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real three-master Redis Cluster for tests: {@code redis-server --cluster-enabled yes} processes
 * on free ports, joined with {@code redis-cli --cluster create}. Without full coverage required,
 * so the shards that are up keep serving while one is stopped. Fails clearly when
 * {@code redis-server} or {@code redis-cli} is missing.
 */
public final class RedisCluster implements AutoCloseable {
    private final Path root;
    private final List<RedisServer> nodes;
    private final Map<Integer, String> ids = new java.util.concurrent.ConcurrentHashMap<>();

    private RedisCluster(Path root, List<RedisServer> nodes) {
        this.root = root;
        this.nodes = nodes;
    }

    public static RedisCluster start() throws IOException {
        return start(0);
    }

    /** Three masters with {@code replicasPerMaster} replicas each. */
    public static RedisCluster start(int replicasPerMaster) throws IOException {
        Path root = Files.createTempDirectory("chat-redis-cluster");
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3 * (1 + replicasPerMaster); i++) {
                Path dir = Files.createDirectories(root.resolve("node-" + i));
                nodes.add(RedisServer.startIn(dir, busablePort(), List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
                        "--cluster-require-full-coverage", "no")));
            }
            RedisCluster cluster = new RedisCluster(root, nodes);
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
            if (replicasPerMaster > 0) {
                create.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster)));
            }
            create.add("--cluster-yes");
            cluster.cli(create);
            cluster.awaitState("ok");
            cluster.awaitReplicasInSync();
            return cluster;
        } catch (IOException | RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    /** A free port whose cluster bus port (10,000 higher) is free too: so at most 55,535. */
    private static int busablePort() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20_000 + random.nextInt(35_536);
            if (isFree(port) && isFree(port + 10_000)) {
                return port;
            }
        }
        throw new IOException("no free port pair for a cluster node");
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    public List<RedisServer> nodes() {
        return nodes;
    }

    /** The value of {@code REDIS_CLUSTER_NODES} for this cluster (every node a seed). */
    public String seeds() {
        return String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList());
    }

    /** The node serving a key's or channel's slot. */
    public RedisServer ownerOf(String keyOrChannel) {
        int slot = redis.clients.jedis.util.JedisClusterCRC16.getSlot(keyOrChannel);
        Map<String, List<int[]>> slots = slotRanges();
        for (RedisServer node : nodes) {
            for (int[] range : slots.getOrDefault(nodeId(node), List.of())) {
                if (slot >= range[0] && slot <= range[1]) {
                    return node;
                }
            }
        }
        throw new IllegalStateException("no node serves slot " + slot);
    }

    /** The first slot a node owns (what {@code redis-cli --cluster reshard --cluster-slots 1} moves first). */
    public int firstSlotOf(RedisServer node) {
        return slotRanges().getOrDefault(nodeId(node), List.of()).stream().mapToInt(range -> range[0]).min()
                .orElseThrow(() -> new IllegalStateException("node " + node.port() + " owns no slot"));
    }

    /** Node id -> the slot ranges it owns, from one {@code CLUSTER NODES} of a running node. */
    private Map<String, List<int[]>> slotRanges() {
        for (RedisServer node : nodes) {
            List<String> lines = lines(node, "CLUSTER", "NODES");
            if (lines.isEmpty() || lines.get(0).startsWith("ERR")) {
                continue;
            }
            Map<String, List<int[]>> owned = new HashMap<>();
            for (String line : lines) {
                String[] parts = line.trim().split(" ");
                List<int[]> ranges = new ArrayList<>();
                for (int i = 8; i < parts.length; i++) {
                    if (parts[i].startsWith("[")) {
                        continue; // a slot being migrated or imported
                    }
                    String[] ends = parts[i].split("-");
                    int from = Integer.parseInt(ends[0]);
                    ranges.add(new int[] {from, ends.length == 2 ? Integer.parseInt(ends[1]) : from});
                }
                owned.put(parts[0], ranges);
            }
            return owned;
        }
        throw new IllegalStateException("no cluster node answers CLUSTER NODES");
    }

    /** The node's cluster id (it keeps it across restarts, in its nodes.conf). */
    public String nodeId(RedisServer node) {
        return ids.computeIfAbsent(node.port(),
                port -> cliOutput(List.of("-p", String.valueOf(port), "CLUSTER", "MYID")).trim());
    }

    /** Moves one slot (the source's first) with {@code redis-cli --cluster reshard}. */
    public void reshardOneSlot(RedisServer from, RedisServer to) {
        cli(List.of("--cluster", "reshard", "127.0.0.1:" + from.port(), "--cluster-from", nodeId(from),
                "--cluster-to", nodeId(to), "--cluster-slots", "1", "--cluster-yes"));
    }

    /** Waits until every replica's link to its master is up (a replica that never synced cannot take over). */
    private void awaitReplicasInSync() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (RedisServer node : nodes) {
            while (true) {
                String info = cliOutput(List.of("-p", String.valueOf(node.port()), "INFO", "replication"));
                if (info.contains("role:master") || info.contains("master_link_status:up")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replica " + node.port() + " not in sync within 20 s: " + info);
                }
                try {
                    Thread.sleep(50); // polling a process that has no readiness event
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Waits until every running node reports {@code cluster_state:<state>}. */
    public void awaitState(String state) {
        awaitState(state, nodes);
    }

    /** Waits until each of {@code among} reports {@code cluster_state:<state>}. */
    public void awaitState(String state, List<RedisServer> among) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            boolean all = true;
            for (RedisServer node : among) {
                String info = cliOutput(List.of("-p", String.valueOf(node.port()), "CLUSTER", "INFO"));
                all &= info.contains("cluster_state:" + state);
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster not " + state + " within 20 s");
            }
            try {
                Thread.sleep(50); // polling processes that have no readiness event
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Runs {@code redis-cli} with these arguments against node 0; fails on a non-zero exit. */
    String cli(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(cliBinary());
        if (!args.get(0).equals("-p") && !args.get(0).equals("--cluster")) {
            command.addAll(List.of("-p", String.valueOf(nodes.get(0).port())));
        }
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli " + args + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("redis-cli " + args + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command on one node and returns its output (errors included, as text). */
    public String cliOutput(List<String> args) {
        try {
            return cli(args);
        } catch (IllegalStateException e) {
            return "ERR " + e.getMessage();
        }
    }

    /** A command's output on one node, line by line. */
    public List<String> lines(RedisServer node, String... command) {
        List<String> args = new ArrayList<>(List.of("-p", String.valueOf(node.port())));
        args.addAll(List.of(command));
        return cliOutput(args).lines().toList();
    }

    private static String cliBinary() {
        Path server = RedisServer.binary(System.getenv("PATH"));
        Path cli = server.resolveSibling("redis-cli");
        if (!Files.isExecutable(cli)) {
            throw new IllegalStateException("redis-cli is not next to " + server
                    + "; the Redis Cluster tests need it (Debian: apt-get install redis-tools)");
        }
        return cli.toString();
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the OS cleans up what is left
        }
    }
}
