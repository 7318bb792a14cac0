package chat.core.hub;

import chat.core.events.Refusal;

/** The hub's answer to a new connection. */
public enum Admission {
    /** Registered. */
    ACCEPTED(null),
    /** The server is shutting down: close with 1012. */
    SHUTTING_DOWN(Refusal.SHUTTING_DOWN),
    /** The instance holds its maximum of connections: close with 1013, try again later. */
    SERVER_FULL(Refusal.SERVER_FULL),
    /** This userId holds its maximum of connections here: close with 1008. */
    TOO_MANY_FOR_USER(Refusal.TOO_MANY_FOR_USER),
    /** This remote address holds its maximum of connections here: close with 1008. */
    TOO_MANY_FOR_ADDRESS(Refusal.TOO_MANY_FOR_ADDRESS);

    private final Refusal refusal;

    Admission(Refusal refusal) {
        this.refusal = refusal;
    }

    /** Why the connection was refused, for metrics; null for {@link #ACCEPTED}. */
    public Refusal refusal() {
        return refusal;
    }
}
