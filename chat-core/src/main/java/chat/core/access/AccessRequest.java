package chat.core.access;

import java.util.Objects;

/**
 * One question to a {@link RoomAccess}: may {@code userId} do {@code action} with {@code roomId}?
 *
 * @param userId the connection's user, validated at the handshake
 * @param roomId a valid room id
 * @param action what the connection asks for
 * @param grants the rooms the connection's token grants ({@link RoomGrants#NONE} without one)
 */
public record AccessRequest(String userId, String roomId, RoomAction action, RoomGrants grants) {
    public AccessRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(grants, "grants");
    }
}
