package chat.core.protocol;

/** The {@code code} of an {@code ERROR} frame. Clients match on these names: never rename one. */
public enum ErrorCode {
    /** The frame is not a JSON object, or a field has the wrong JSON type. */
    BAD_JSON,
    /** {@code type} is missing or names no client command. */
    BAD_TYPE,
    /** {@code roomId} is missing or not a valid room id. */
    BAD_ROOM,
    /** TALK or LEAVE for a room the connection is not in. */
    NOT_IN_ROOM,
    /** ENTER beyond the per-connection room limit. */
    TOO_MANY_ROOMS,
    /** {@code message} is longer than the limit. */
    MESSAGE_TOO_LONG,
    /** The connection sends faster than its rate limit; the frame was dropped. */
    RATE_LIMITED,
    /**
     * The broker could not take the frame (for example Redis is down), or room access could not be
     * decided (the application's callback did not answer); nothing was done.
     */
    UNAVAILABLE,
    /** ENTER or HISTORY for a room the connection may not access ({@code ROOM_ACCESS}, direct-message rooms). */
    FORBIDDEN,
    /** A TALK the application's message filter rejected; nothing was numbered or delivered. */
    REJECTED
}
