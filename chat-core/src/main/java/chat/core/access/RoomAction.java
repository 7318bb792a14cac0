package chat.core.access;

/** What a connection asks to do with a room; the callback receives its name. */
public enum RoomAction {
    /** Become a member: live traffic and, with {@code lastSeq}, the TALKs missed. */
    ENTER,
    /** Read a page of the room's stored TALKs. */
    HISTORY
}
