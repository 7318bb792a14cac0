package chat.core.protocol;

import java.util.Optional;

/**
 * Validation of user and room ids. Each check returns the problem in words a client can act on,
 * or empty when the id is valid.
 */
public final class Identifiers {
    public static final int MAX_USER_ID_LENGTH = 64;
    public static final int MAX_ROOM_ID_LENGTH = 128;
    /** What a direct-message room's id starts with: {@code dm:<userA>:<userB>}. */
    public static final String DIRECT_ROOM_PREFIX = "dm:";
    /** A direct-message room's id may be as long as two of the longest userIds make it. */
    public static final int MAX_DIRECT_ROOM_ID_LENGTH = DIRECT_ROOM_PREFIX.length() + 2 * MAX_USER_ID_LENGTH + 1;
    /** The user id the server reserves for its own notices. */
    public static final String RESERVED_USER_ID = "SYSTEM";

    private Identifiers() {
    }

    /** Letters, digits and {@code _ . - @}, 1-64 characters, not {@code SYSTEM}. */
    public static Optional<String> userIdProblem(String userId) {
        if (userId == null || userId.isEmpty()) {
            return Optional.of("userId is required");
        }
        if (userId.length() > MAX_USER_ID_LENGTH) {
            return Optional.of("userId must be at most " + MAX_USER_ID_LENGTH + " characters");
        }
        if (!allMatch(userId, "_.-@")) {
            return Optional.of("userId may contain only letters, digits and _ . - @");
        }
        if (userId.equals(RESERVED_USER_ID)) {
            return Optional.of("userId " + RESERVED_USER_ID + " is reserved");
        }
        return Optional.empty();
    }

    /**
     * Letters, digits and {@code _ . : - @}, 1-128 characters; a direct-message room's id
     * ({@code dm:...}) up to {@value #MAX_DIRECT_ROOM_ID_LENGTH}.
     */
    public static Optional<String> roomIdProblem(String roomId) {
        if (roomId == null || roomId.isEmpty()) {
            return Optional.of("roomId is required");
        }
        int max = roomId.startsWith(DIRECT_ROOM_PREFIX) ? MAX_DIRECT_ROOM_ID_LENGTH : MAX_ROOM_ID_LENGTH;
        if (roomId.length() > max) {
            return Optional.of("roomId must be at most " + max + " characters");
        }
        if (!allMatch(roomId, "_.:-@")) {
            return Optional.of("roomId may contain only letters, digits and _ . : - @");
        }
        return Optional.empty();
    }

    private static boolean allMatch(String id, String punctuation) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || punctuation.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
