package chat.core;

import java.util.Objects;

/**
 * A valid client frame. The sender's identity is not part of it: the hub takes the user id from the
 * connection, so a client can never speak for someone else.
 *
 * @param roomId the room, validated; null only for PING
 * @param message never null; empty when the client sent none
 */
public record ClientCommand(MessageType type, String roomId, String message) implements Inbound {

    public ClientCommand {
        Objects.requireNonNull(type, "type");
        if (!type.isClientCommand()) {
            throw new IllegalArgumentException("not a client command: " + type);
        }
        if (type.isRoomTraffic()) {
            Identifiers.roomIdProblem(roomId).ifPresent(problem -> {
                throw new IllegalArgumentException(problem + ": " + roomId);
            });
        }
        Objects.requireNonNull(message, "message");
    }

    public static ClientCommand enter(String roomId) {
        return new ClientCommand(MessageType.ENTER, roomId, "");
    }

    public static ClientCommand talk(String roomId, String message) {
        return new ClientCommand(MessageType.TALK, roomId, message);
    }

    public static ClientCommand leave(String roomId) {
        return new ClientCommand(MessageType.LEAVE, roomId, "");
    }

    public static ClientCommand ping() {
        return new ClientCommand(MessageType.PING, null, "");
    }
}
