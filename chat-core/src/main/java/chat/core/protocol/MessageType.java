package chat.core.protocol;

import java.util.Locale;
import java.util.Optional;

/** Every frame type of the protocol, in both directions. */
public enum MessageType {
    /** Client joins a room; delivered to every member, the sender included. */
    ENTER,
    /** Client talks in a room it is a member of; delivered to every member, the sender included. */
    TALK,
    /** Client leaves a room (or is disconnected); delivered to the remaining members. */
    LEAVE,
    /** Client keep-alive: never delivered, never answered. */
    PING,
    /** Client asks for a page of a room's stored TALKs; the server answers with one HISTORY frame. */
    HISTORY,
    /** Server to one client: some TALKs it asked for are no longer stored, reload from elsewhere. */
    RESYNC,
    /** Server to one client: its frame was rejected. */
    ERROR,
    /** Server to every client: the server is going away, reconnect. */
    SHUTDOWN;

    /** True for the types a client may send. */
    public boolean isClientCommand() {
        return this == ENTER || this == TALK || this == LEAVE || this == PING || this == HISTORY;
    }

    /** True for the types that travel through a room (and the broker). */
    public boolean isRoomTraffic() {
        return this == ENTER || this == TALK || this == LEAVE;
    }

    /** Parses a client's type name, case-insensitively; empty when it names no client command. */
    public static Optional<MessageType> parseClientCommand(String name) {
        if (name == null || name.isEmpty() || name.length() > 16) {
            return Optional.empty();
        }
        try {
            MessageType type = valueOf(name.toUpperCase(Locale.ROOT));
            return type.isClientCommand() ? Optional.of(type) : Optional.empty();
        } catch (IllegalArgumentException notAType) {
            return Optional.empty();
        }
    }
}
