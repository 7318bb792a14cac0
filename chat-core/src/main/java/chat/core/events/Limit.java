package chat.core.events;

/**
 * Bounds the server holds to that have no metric of their own, each reported when it is reached
 * ({@link ChatEvents#limitReached}); {@link #label()} is its name in the metric
 * {@code chat_limits_reached_total{limit}}. Never rename a label: dashboards match on them.
 */
public enum Limit {
    /** A room's history was dropped to keep the store within {@code HISTORY_MAX_ROOMS}. */
    HISTORY_ROOMS("history_rooms"),
    /** A room's history (or its oldest part) was dropped to keep the store within {@code HISTORY_MAX_BYTES}. */
    HISTORY_BYTES("history_bytes"),
    /** A HISTORY answer was cut short by its byte bound ({@code more} is true). */
    HISTORY_PAGE("history_page"),
    /** A resume's replay, or an instance's recovery, was cut short by its bounds (announced with RESYNC). */
    REPLAY("replay"),
    /** The broker refused a command because too many were waiting (answered UNAVAILABLE). */
    BROKER_QUEUE("broker_queue"),
    /** An ENTER was refused because the instance holds {@code MAX_ROOMS} rooms. */
    SERVER_ROOMS("server_rooms");

    private final String label;

    Limit(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
