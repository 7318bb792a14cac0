package chat.endpoint;

import java.util.List;
import java.util.Map;

/**
 * Decides who a new connection speaks for, from its handshake's query parameters. Implementations
 * are thread-safe. The default, {@link QueryUserId}, trusts the {@code userId} parameter.
 */
@FunctionalInterface
public interface Identity {

    /** The userId for these query parameters, or why the connection is refused. */
    Result resolve(Map<String, List<String>> queryParameters);

    /** Either a userId or a refusal with a reason for the client and a short label for metrics. */
    record Result(String userId, String refusal, String refusalLabel) {
        public static Result user(String userId) {
            return new Result(userId, null, null);
        }

        public static Result refused(String refusal, String label) {
            return new Result(null, refusal, label);
        }

        public boolean accepted() {
            return userId != null;
        }
    }
}
