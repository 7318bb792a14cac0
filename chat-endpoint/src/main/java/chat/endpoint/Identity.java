package chat.endpoint;

import chat.core.access.RoomGrants;
import chat.core.events.Refusal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides who a new connection speaks for, from its handshake's query parameters. Implementations
 * are thread-safe. The default, {@link QueryUserId}, trusts the {@code userId} parameter.
 */
@FunctionalInterface
public interface Identity {

    /** The userId for these query parameters, or why the connection is refused. */
    Result resolve(Map<String, List<String>> queryParameters);

    /** Who a connection speaks for: a user, or a refusal. */
    sealed interface Result permits User, Refused {
        static Result user(String userId) {
            return new User(userId, RoomGrants.NONE);
        }

        static Result user(String userId, RoomGrants grants) {
            return new User(userId, grants);
        }

        static Result refused(String reason, Refusal label) {
            return new Refused(reason, label);
        }
    }

    /**
     * The connection speaks for {@code userId}, a valid user id, and may enter the rooms
     * {@code grants} names where access is by token ({@code ROOM_ACCESS=token}).
     */
    record User(String userId, RoomGrants grants) implements Result {
        public User {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(grants, "grants");
        }

        /** A user whose identity grants no room. */
        public User(String userId) {
            this(userId, RoomGrants.NONE);
        }
    }

    /**
     * The connection is refused: {@code reason} tells the client why (the close reason), {@code label}
     * counts it in metrics.
     */
    record Refused(String reason, Refusal label) implements Result {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(label, "label");
        }
    }
}
