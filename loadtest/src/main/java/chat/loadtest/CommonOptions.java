package chat.loadtest;

import chat.core.protocol.Identifiers;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The options every subcommand takes.
 *
 * @param endpoints   {@code --url}: where to connect, round-robin
 * @param concurrency {@code --concurrency}: WebSocket handshakes in flight at once
 * @param userPrefix  {@code --user-prefix}: user ids are {@code PREFIX-0}, {@code PREFIX-1}, ...
 * @param timeout     {@code --timeout-s}: the longest any one phase of a run may wait
 */
record CommonOptions(Endpoints endpoints, int concurrency, String userPrefix, Duration timeout) {
    private static final List<String> NAMES = List.of("url", "concurrency", "user-prefix", "timeout-s");
    /** The machine caps open files at 20,000 per process; leave room for the JVM's own. */
    static final int MAX_CONNECTIONS_PER_PROCESS = 19_000;

    /** Reads the common options of a run that opens {@code connections} connections. */
    static CommonOptions from(Options options, int connections) throws UsageException {
        if (connections > MAX_CONNECTIONS_PER_PROCESS) {
            throw new UsageException(connections + " connections is more than one process can open ("
                    + MAX_CONNECTIONS_PER_PROCESS + "; open files are capped at 20,000 per process): run several"
                    + " processes, each with its own --user-prefix");
        }
        Endpoints endpoints = Endpoints.parse(options.list("url", Endpoints.DEFAULT_URL));
        int concurrency = options.integer("concurrency", 200, 1, 10_000);
        String prefix = options.text("user-prefix", "lt");
        String longestId = prefix + "-" + (connections - 1);
        var problem = Identifiers.userIdProblem(longestId);
        if (problem.isPresent()) {
            throw new UsageException("--user-prefix '" + prefix + "' makes user ids like '" + longestId + "': "
                    + problem.get());
        }
        int timeoutS = options.integer("timeout-s", 60, 1, 3_600);
        return new CommonOptions(endpoints, concurrency, prefix, Duration.ofSeconds(timeoutS));
    }

    /** These option names and a subcommand's own. */
    static Set<String> namesWith(String... own) {
        Set<String> names = new HashSet<>(NAMES);
        names.addAll(List.of(own));
        return Set.copyOf(names);
    }

    String userId(int index) {
        return userPrefix + "-" + index;
    }
}
