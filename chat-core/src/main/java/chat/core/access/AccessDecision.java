package chat.core.access;

import java.util.Objects;

/**
 * How a {@link RoomAccess} answered: allowed, forbidden (the client gets {@code FORBIDDEN} with the
 * reason), or undecided for now (the client gets {@code UNAVAILABLE} and may try again: access
 * fails closed).
 */
public sealed interface AccessDecision {
    /** The one allowing decision. */
    AccessDecision ALLOWED = new Allowed();

    static AccessDecision forbidden(String reason) {
        return new Forbidden(reason);
    }

    static AccessDecision unavailable(String reason) {
        return new Unavailable(reason);
    }

    /** The request may go on. */
    record Allowed() implements AccessDecision {
    }

    /** The request is refused; {@code reason} is shown to the client. */
    record Forbidden(String reason) implements AccessDecision {
        public Forbidden {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Nothing could be decided (the callback timed out, failed or answered nonsense); {@code reason} says what. */
    record Unavailable(String reason) implements AccessDecision {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
