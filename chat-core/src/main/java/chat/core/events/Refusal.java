package chat.core.events;

/**
 * Why a connection was refused before it was registered; {@link #label()} is its name in the metric
 * {@code chat_handshakes_refused_total{reason}}. Never rename a label: dashboards match on them.
 */
public enum Refusal {
    MISSING_USER_ID("missing_user_id"),
    INVALID_USER_ID("invalid_user_id"),
    RESERVED_USER_ID("reserved_user_id"),
    DUPLICATE_USER_ID("duplicate_user_id"),
    SHUTTING_DOWN("shutting_down"),
    SERVER_FULL("server_full"),
    TOO_MANY_FOR_USER("too_many_for_user"),
    ORIGIN_NOT_ALLOWED("origin_not_allowed"),
    MISSING_TOKEN("missing_token"),
    INVALID_TOKEN("invalid_token"),
    TOO_MANY_FOR_ADDRESS("too_many_for_address");

    private final String label;

    Refusal(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
