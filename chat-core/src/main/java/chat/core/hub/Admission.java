package chat.core.hub;

/** The hub's answer to a new connection. */
public enum Admission {
    /** Registered. */
    ACCEPTED,
    /** The server is shutting down: close with 1012. */
    SHUTTING_DOWN,
    /** The instance holds its maximum of connections: close with 1013, try again later. */
    SERVER_FULL,
    /** This userId holds its maximum of connections here: close with 1008. */
    TOO_MANY_FOR_USER,
    /** This remote address holds its maximum of connections here: close with 1008. */
    TOO_MANY_FOR_ADDRESS
}
