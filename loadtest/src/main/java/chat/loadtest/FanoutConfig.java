package chat.loadtest;

import chat.core.protocol.Identifiers;

import java.util.List;
import java.util.Set;

/**
 * A fanout run: {@code members} connections in one room, one of them sending {@code messages} TALKs
 * at {@code rate} per second.
 */
record FanoutConfig(CommonOptions common, int members, String room, int messages, double rate) {
    private static final Set<String> NAMES = CommonOptions.namesWith("members", "room", "messages", "rate");

    static FanoutConfig parse(List<String> args) throws UsageException {
        Options options = Options.parse(args, NAMES);
        int members = options.integer("members", 1_000, 1, Integer.MAX_VALUE);
        String room = options.text("room", "fanout");
        var problem = Identifiers.roomIdProblem(room);
        if (problem.isPresent()) {
            throw new UsageException("--room: " + problem.get());
        }
        int messages = options.integer("messages", 200, 1, 10_000_000);
        double rate = options.decimal("rate", 20, 0.01, 100_000);
        return new FanoutConfig(CommonOptions.from(options, members), members, room, messages, rate);
    }
}
