package chat.config;

import chat.core.access.CachedRoomAccess;
import chat.core.access.HttpRoomAccess;
import chat.core.access.RoomAccess;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may ENTER a room or read its HISTORY ({@code ROOM_ACCESS} and the callback's settings), read
 * the same in the runner and the web application. Direct-message rooms follow their own rule in
 * every mode.
 */
public final class RoomAccessSettings {
    private RoomAccessSettings() {
    }

    /** The access modes. */
    public enum Mode {
        /** Any room (the default). */
        OPEN,
        /** The rooms the connection's token grants in its {@code rooms} claim. */
        TOKEN,
        /** What the application's HTTP callback answers. */
        CALLBACK;

        static Mode parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be open, token or callback");
            }
        }
    }

    public static final Setting<Mode> ROOM_ACCESS = Setting.of("ROOM_ACCESS", Mode.OPEN, "`open`", Mode::parse,
            "who may `ENTER` a room or read its `HISTORY`: `open` (anyone), `token` (the rooms the "
            + "connection's token grants in its `rooms` claim; needs `AUTH_SECRET`) or `callback` (the "
            + "application decides at `ROOM_ACCESS_URL`); others get `ERROR FORBIDDEN`. Direct-message "
            + "rooms `dm:<userA>:<userB>` belong to their two users in every mode (see [Room "
            + "access](PROTOCOL.md#room-access))");

    public static final Setting<Optional<URI>> ROOM_ACCESS_URL = Setting.of("ROOM_ACCESS_URL", Optional.empty(),
            "unset", RoomAccessSettings::httpUrl,
            "with `ROOM_ACCESS=callback`: the application's URL the server POSTs "
            + "`{\"userId\",\"roomId\",\"action\"}` to for each decision");

    public static final Setting<Duration> ROOM_ACCESS_TIMEOUT_MS = Setting.of("ROOM_ACCESS_TIMEOUT_MS",
            Duration.ofSeconds(1), "`1000`", Settings::positiveMillis,
            "how long a callback decision may take; past it (and on a 5xx or a connection error) the "
            + "request is answered `UNAVAILABLE`");

    public static final Setting<Integer> ROOM_ACCESS_CACHE_SECONDS = Setting.of("ROOM_ACCESS_CACHE_SECONDS",
            30, "`30`", Settings::nonNegative,
            "how long a callback's allow or refusal is remembered per userId, room and action; `0`: "
            + "ask every time");

    /** Every setting of this class, in the order the documentation lists them. */
    public static List<Setting<?>> all() {
        return List.of(ROOM_ACCESS, ROOM_ACCESS_URL, ROOM_ACCESS_TIMEOUT_MS, ROOM_ACCESS_CACHE_SECONDS);
    }

    /**
     * The decider {@code settings} ask for.
     *
     * @throws ConfigException when {@code token} lacks {@code AUTH_SECRET} or {@code callback} lacks its URL
     */
    static RoomAccess from(Settings settings) {
        Mode mode = settings.get(ROOM_ACCESS);
        return switch (mode) {
            case OPEN -> RoomAccess.open();
            case TOKEN -> {
                if (settings.raw("AUTH_SECRET").isEmpty()) {
                    throw new ConfigException("ROOM_ACCESS=token needs AUTH_SECRET: rooms are granted by the "
                            + "rooms claim of a signed token");
                }
                yield RoomAccess.byToken();
            }
            case CALLBACK -> {
                URI url = settings.get(ROOM_ACCESS_URL).orElseThrow(() -> new ConfigException(
                        "ROOM_ACCESS=callback needs ROOM_ACCESS_URL, the application's URL that decides"));
                RoomAccess callback = new HttpRoomAccess(url, settings.get(ROOM_ACCESS_TIMEOUT_MS));
                int cacheSeconds = settings.get(ROOM_ACCESS_CACHE_SECONDS);
                yield cacheSeconds == 0 ? callback : new CachedRoomAccess(callback, Duration.ofSeconds(cacheSeconds));
            }
        };
    }

    private static Optional<URI> httpUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("must be an http or https URL");
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("must be an http or https URL with a host");
        }
        return Optional.of(url);
    }
}
