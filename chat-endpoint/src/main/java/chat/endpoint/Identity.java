package chat.endpoint;

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
            return new User(userId);
        }

        static Result refused(String reason, Refusal label) {
            return new Refused(reason, label);
        }
    }

    /** The connection speaks for {@code userId}, a valid user id. */
    record User(String userId) implements Result {
        public User {
            Objects.requireNonNull(userId, "userId");
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
