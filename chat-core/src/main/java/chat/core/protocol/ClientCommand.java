package chat.core.protocol;

import java.util.Objects;

/**
 * A valid client frame. The sender's identity is not part of it: the hub takes the user id from the
 * connection, so a client can never speak for someone else.
 *
 * @param roomId  the room, validated; null only for PING
 * @param message never null; empty when the client sent none
 * @param lastSeq for an ENTER that resumes: the seq of the last TALK the client has, so the server
 *                replays what came after; {@link #NO_LAST_SEQ} for a plain ENTER and other types
 */
public record ClientCommand(MessageType type, String roomId, String message, long lastSeq) implements Inbound {
    public static final long NO_LAST_SEQ = -1;

    public ClientCommand {
        Objects.requireNonNull(type, "type");
        if (!type.isClientCommand() || type == MessageType.HISTORY) {
            throw new IllegalArgumentException("not a client command: " + type);
        }
        if (type.isRoomTraffic()) {
            Identifiers.roomIdProblem(roomId).ifPresent(problem -> {
                throw new IllegalArgumentException(problem + ": " + roomId);
            });
        }
        Objects.requireNonNull(message, "message");
        if (lastSeq < NO_LAST_SEQ || (lastSeq != NO_LAST_SEQ && type != MessageType.ENTER)) {
            throw new IllegalArgumentException("only an ENTER has a lastSeq, and it is not negative: " + lastSeq);
        }
    }

    public ClientCommand(MessageType type, String roomId, String message) {
        this(type, roomId, message, NO_LAST_SEQ);
    }

    public static ClientCommand enter(String roomId) {
        return new ClientCommand(MessageType.ENTER, roomId, "");
    }

    /** An ENTER that asks for the room's TALKs after {@code lastSeq}. */
    public static ClientCommand resume(String roomId, long lastSeq) {
        return new ClientCommand(MessageType.ENTER, roomId, "", lastSeq);
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

    public boolean resumes() {
        return lastSeq != NO_LAST_SEQ;
    }
}
