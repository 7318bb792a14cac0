package chat.endpoint;

import chat.config.Setting;

import java.util.List;
import java.util.Optional;

/**
 * The setting the endpoint reads: {@code AUTH_SECRET}, which turns on signed tokens
 * ({@link JwtIdentity}). Read with {@link JwtIdentity#secretFrom}, which keeps the secret exactly as
 * given; described here like every other setting.
 */
public final class EndpointSettings {
    private EndpointSettings() {
    }

    public static final Setting<Optional<String>> AUTH_SECRET = Setting.of("AUTH_SECRET",
            Optional.empty(), "unset", text -> Optional.of(JwtIdentity.longEnough(text)),
            "when set (at least 32 bytes), connections need `token=<JWT>` signed with it (HS256, "
            + "`exp` required, `sub` is the userId); unset: the `userId` parameter is trusted "
            + "(development only)");

    public static List<Setting<?>> all() {
        return List.of(AUTH_SECRET);
    }
}
