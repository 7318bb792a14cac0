package chat.loadtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar load-tester.jar [fanout|connect [options]]}: a load generator for the chat server.
 * Progress and a human summary go to stderr, one JSON line with the figures to stdout.
 * Exit code 0 when everything arrived, 1 when anything was lost or failed, 2 for bad arguments.
 */
public final class LoadTest {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_ARGUMENTS = 2;

    static final String USAGE = """
            usage: java -jar load-tester.jar                   (configured by environment variables)
                   java -jar load-tester.jar fanout  [options]
                   java -jar load-tester.jar connect [options]

            Without arguments: CONN_COUNT connections join rooms and send TALKs; see loadtest/README.md.
              TARGET_URL (%s; comma-separate several), CONN_COUNT (1000), CLIENT_ID (tester-PID),
              ROOM_ID (load-test-room), MSG_COUNT (10), MSG_INTERVAL_SEC (5), BATCH_SIZE (500),
              BATCH_DELAY_MS (1000), ROOM_COUNT (1), MSG_RATE, DURATION_SEC, WARMUP_SEC, HOLD_SEC,
              DRAIN_SEC (10), SOURCE_ADDRESSES, STAT_INTERVAL_SEC (5), CONNECT_CONCURRENCY (200), JSON_OUT

            fanout: MEMBERS join one room; one of them sends TALKs at RATE; every member times each delivery
              --members N        members in the room (default 1000)
              --room ID          the room (default fanout)
              --messages N       TALKs to send (default 200)
              --rate R           TALKs per second (default 20)

            connect: open CONNS connections, each ENTERs one of ROOMS rooms, hold them, close them
              --conns N          connections (default 1000)
              --rooms N          rooms to spread them over (default 100)
              --hold-s S         seconds to hold them open (default 10)

            both:
              --url URL          ws://HOST:PORT/ws/chat; repeat or comma-separate for several servers,
                                 connections go round-robin (default %s)
              --concurrency N    handshakes in flight at once (default 200)
              --user-prefix P    user ids are P-0, P-1, ... (default lt); give each process its own
              --timeout-s S      longest wait of any phase (default 60)

            At most %,d connections per process (open files are capped at 20,000 per process): for
            more, run several processes with distinct --user-prefix.
            """.formatted(RoomsConfig.DEFAULT_URL, Endpoints.DEFAULT_URL, CommonOptions.MAX_CONNECTIONS_PER_PROCESS);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Held so the level sticks: Tyrus and Grizzly are chatty at INFO. */
    private static final Logger GLASSFISH = Logger.getLogger("org.glassfish");

    private LoadTest() {
    }

    public static void main(String[] args) {
        GLASSFISH.setLevel(Level.WARNING);
        int code;
        try {
            code = args.length == 0 ? runFromEnvironment(System.getenv(), System.out, System.err)
                    : run(Arrays.asList(args), System.out, System.err);
        } catch (RuntimeException | Error e) {
            System.err.println("loadtest: failed: " + e);
            e.printStackTrace();
            code = FAILED;
        }
        System.exit(code); // the client's transport threads would otherwise idle on for 30 s
    }

    /** The environment-driven run; returns the exit code. */
    static int runFromEnvironment(java.util.Map<String, String> env, PrintStream out, PrintStream err) {
        RoomsConfig config;
        try {
            config = RoomsConfig.fromEnv(env, ProcessHandle.current().pid());
        } catch (UsageException e) {
            err.println("load-tester: " + e.getMessage());
            return BAD_ARGUMENTS;
        }
        RoomsResult result = new RoomsRun(config, err).run();
        int code = report("rooms", result, result.succeeded(), result.describe(), out, err);
        if (!config.jsonOut().isEmpty()) {
            try {
                ObjectNode line = JSON.createObjectNode().put("mode", "rooms").put("ok", result.succeeded());
                line.setAll((ObjectNode) JSON.valueToTree(result));
                java.nio.file.Files.writeString(java.nio.file.Path.of(config.jsonOut()), JSON.writeValueAsString(line) + "\n");
            } catch (java.io.IOException e) {
                err.println("load-tester: cannot write JSON_OUT " + config.jsonOut() + ": " + e.getMessage());
                return FAILED;
            }
        }
        return code;
    }

    /** Runs one command; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("-h", "--help", "help").contains(args.get(0))) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? BAD_ARGUMENTS : OK;
        }
        List<String> options = args.subList(1, args.size());
        try {
            switch (args.get(0)) {
                case "fanout" -> {
                    FanoutResult result = new FanoutRun(FanoutConfig.parse(options), err).run();
                    return report("fanout", result, result.succeeded(), result.describe(), out, err);
                }
                case "connect" -> {
                    ConnectResult result = new ConnectRun(ConnectConfig.parse(options), err).run();
                    return report("connect", result, result.succeeded(), result.describe(), out, err);
                }
                default -> throw new UsageException("unknown command '" + args.get(0) + "'");
            }
        } catch (UsageException e) {
            err.println("loadtest: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return BAD_ARGUMENTS;
        }
    }

    private static int report(String mode, Object result, boolean ok, String summary, PrintStream out,
                              PrintStream err) {
        err.println(summary);
        ObjectNode line = JSON.createObjectNode().put("mode", mode).put("ok", ok);
        line.setAll((ObjectNode) JSON.valueToTree(result));
        try {
            out.println(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
        out.flush();
        return ok ? OK : FAILED;
    }
}
