package chat.core;

import java.util.Objects;

/**
 * Room traffic: an ENTER, TALK or LEAVE accepted by a hub, on its way through the broker to every
 * member of the room on every instance.
 *
 * @param ts epoch milliseconds at which the accepting hub took the message
 */
public record ChatMessage(MessageType type, String roomId, String userId, String message, long ts)
        implements ServerFrame {

    public ChatMessage {
        Objects.requireNonNull(type, "type");
        if (!type.isRoomTraffic()) {
            throw new IllegalArgumentException("a chat message is ENTER, TALK or LEAVE, not " + type);
        }
        Identifiers.roomIdProblem(roomId).ifPresent(problem -> {
            throw new IllegalArgumentException(problem + ": " + roomId);
        });
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(message, "message");
    }
}
