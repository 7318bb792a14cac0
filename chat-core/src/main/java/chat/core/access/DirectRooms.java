package chat.core.access;

import chat.core.protocol.Identifiers;

import java.util.Optional;

/**
 * Direct-message rooms: {@code dm:<userA>:<userB>}, the two userIds in ascending
 * {@link String#compareTo} order, is a private room of those two users in every access mode. User
 * ids hold no {@code :}, so the id names its two users without doubt.
 */
public final class DirectRooms {
    /** What every direct-message room id starts with. */
    public static final String PREFIX = Identifiers.DIRECT_ROOM_PREFIX;

    private DirectRooms() {
    }

    /** Whether {@code roomId} is in the direct-message namespace (valid or not). */
    public static boolean isDirect(String roomId) {
        return roomId.startsWith(PREFIX);
    }

    /** The room of {@code a} and {@code b}, whichever order they come in. */
    public static String between(String a, String b) {
        return a.compareTo(b) <= 0 ? PREFIX + a + ":" + b : PREFIX + b + ":" + a;
    }

    /**
     * Decides a direct-message room ({@link #isDirect}) for {@code userId}: allowed when the id
     * names two valid, different userIds in ascending order and {@code userId} is one of them.
     */
    public static AccessDecision decide(String userId, String roomId) {
        Optional<String> malformed = problem(roomId);
        if (malformed.isPresent()) {
            return AccessDecision.forbidden(malformed.get());
        }
        int colon = roomId.indexOf(':', PREFIX.length());
        String first = roomId.substring(PREFIX.length(), colon);
        String second = roomId.substring(colon + 1);
        return userId.equals(first) || userId.equals(second)
                ? AccessDecision.ALLOWED
                : AccessDecision.forbidden("a direct-message room of two other users");
    }

    private static Optional<String> problem(String roomId) {
        int colon = roomId.indexOf(':', PREFIX.length());
        if (colon < 0) {
            return Optional.of("a direct-message room is dm:<userA>:<userB>");
        }
        String first = roomId.substring(PREFIX.length(), colon);
        String second = roomId.substring(colon + 1);
        if (Identifiers.userIdProblem(first).isPresent() || Identifiers.userIdProblem(second).isPresent()) {
            return Optional.of("a direct-message room is dm:<userA>:<userB> with two valid userIds");
        }
        if (first.equals(second)) {
            return Optional.of("a direct-message room names two different userIds");
        }
        if (first.compareTo(second) > 0) {
            return Optional.of("a direct-message room names its userIds in ascending order: " + between(first, second));
        }
        return Optional.empty();
    }
}
