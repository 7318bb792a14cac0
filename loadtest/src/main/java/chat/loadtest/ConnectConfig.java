package chat.loadtest;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A connect run: {@code conns} connections spread over {@code rooms} rooms, held open for {@code hold}. */
record ConnectConfig(CommonOptions common, int conns, int rooms, Duration hold) {
    private static final Set<String> NAMES = CommonOptions.namesWith("conns", "rooms", "hold-s");

    static ConnectConfig parse(List<String> args) throws UsageException {
        Options options = Options.parse(args, NAMES);
        int conns = options.integer("conns", 1_000, 1, Integer.MAX_VALUE);
        int rooms = options.integer("rooms", 100, 1, 1_000_000);
        int holdS = options.integer("hold-s", 10, 0, 86_400);
        return new ConnectConfig(CommonOptions.from(options, conns), conns, rooms, Duration.ofSeconds(holdS));
    }

    /** The room of connection {@code index}. */
    String room(int index) {
        return "conn-" + (index % rooms);
    }
}
