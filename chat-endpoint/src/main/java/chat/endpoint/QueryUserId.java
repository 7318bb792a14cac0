package chat.endpoint;

import chat.core.events.Refusal;
import chat.core.protocol.Identifiers;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The development default: the {@code userId} query parameter, validated. This is not authentication. */
public final class QueryUserId implements Identity {

    @Override
    public Result resolve(Map<String, List<String>> queryParameters) {
        List<String> values = queryParameters.get("userId");
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return Result.refused("userId is required", Refusal.MISSING_USER_ID);
        }
        if (values.size() > 1) {
            return Result.refused("userId is given more than once", Refusal.DUPLICATE_USER_ID);
        }
        String userId = values.get(0);
        Optional<String> problem = Identifiers.userIdProblem(userId);
        if (problem.isPresent()) {
            Refusal label = userId.equals(Identifiers.RESERVED_USER_ID) ? Refusal.RESERVED_USER_ID : Refusal.INVALID_USER_ID;
            return Result.refused(problem.get(), label);
        }
        return Result.user(userId);
    }
}
