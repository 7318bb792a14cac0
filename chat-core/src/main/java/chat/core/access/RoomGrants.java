package chat.core.access;

import chat.core.protocol.Identifiers;
import chat.core.protocol.WireText;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rooms a connection's token grants (its {@code rooms} claim): each pattern an exact room id,
 * or a prefix ending in {@code *} ({@code "team-42:*"}; {@code "*"} alone grants every room).
 * Immutable.
 */
public final class RoomGrants {
    /** The most patterns one token may carry: matching is linear in them. */
    public static final int MAX_PATTERNS = 1_000;
    /** No room granted: a connection without a token, or whose token has no {@code rooms} claim. */
    public static final RoomGrants NONE = new RoomGrants(List.of(), List.of());

    private final List<String> exact;
    private final List<String> prefixes;

    private RoomGrants(List<String> exact, List<String> prefixes) {
        this.exact = exact;
        this.prefixes = prefixes;
    }

    /**
     * The grants of {@code patterns}, or why they are not valid patterns: each is a room id, or
     * room-id characters followed by one final {@code *}.
     */
    public static Result parse(List<String> patterns) {
        if (patterns.size() > MAX_PATTERNS) {
            return new Invalid("at most " + MAX_PATTERNS + " room patterns, got " + patterns.size());
        }
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern == null) {
                return new Invalid("a room pattern is null");
            }
            boolean prefix = pattern.endsWith("*");
            String id = prefix ? pattern.substring(0, pattern.length() - 1) : pattern;
            if (prefix && id.isEmpty()) {
                prefixes.add(id);
                continue;
            }
            Optional<String> problem = Identifiers.roomIdProblem(id);
            if (problem.isPresent()) {
                return new Invalid("room pattern \"" + WireText.quote(pattern, 40) + "\" is invalid: " + problem.get());
            }
            (prefix ? prefixes : exact).add(id);
        }
        return new Valid(new RoomGrants(List.copyOf(exact), List.copyOf(prefixes)));
    }

    /** Whether one of the patterns matches {@code roomId}. */
    public boolean covers(String roomId) {
        if (exact.contains(roomId)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (roomId.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(exact);
        prefixes.forEach(prefix -> all.add(prefix + "*"));
        return "RoomGrants" + all;
    }

    /** What {@link #parse} found. */
    public sealed interface Result permits Valid, Invalid {
    }

    /** The patterns are valid. */
    public record Valid(RoomGrants grants) implements Result {
    }

    /** They are not, and {@code problem} says why in words a token issuer can act on. */
    public record Invalid(String problem) implements Result {
    }
}
