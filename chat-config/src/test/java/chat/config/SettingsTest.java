package chat.config;

import chat.core.history.HistoryPolicy;
import chat.core.hub.ChatLimits;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void unsetAndBlankSettingsKeepTheDefaults() {
        Settings settings = new Settings(Map.of("MAX_CONNECTIONS", "  ", "HISTORY_SIZE", ""));
        assertEquals(ChatLimits.defaults(), settings.limits());
        assertEquals(HistoryPolicy.DEFAULT, settings.history());
        assertEquals(Set.of(), settings.get(CoreSettings.ALLOWED_ORIGINS));
        assertEquals(ServiceSettings.defaults(), settings.service());
    }

    @Test
    void valuesAreTrimmedAndParsed() {
        Settings settings = new Settings(Map.of("MAX_CONNECTIONS", " 12 ", "SEND_TIMEOUT_MS", "750",
                "HISTORY_SIZE", "7", "HISTORY_RETENTION_SECONDS", "60",
                "ALLOWED_ORIGINS", "https://a.example, http://b.example:8080 ,"));
        ChatLimits limits = settings.limits();
        assertEquals(12, limits.maxConnections());
        assertEquals(750, limits.sendTimeoutMillis());
        assertEquals(new HistoryPolicy(7, Duration.ofSeconds(60)), settings.history());
        assertEquals(Set.of("https://a.example", "http://b.example:8080"), settings.get(CoreSettings.ALLOWED_ORIGINS));
    }

    @Test
    void theStoreAndRoomBoundsAreRead() {
        Settings settings = new Settings(Map.of("MAX_ROOMS", "500", "HISTORY_MAX_ROOMS", "300",
                "HISTORY_MAX_BYTES", "1048576"));
        assertEquals(500, settings.limits().maxRooms());
        assertEquals(new HistoryPolicy(100, Duration.ofHours(1), 300, 1_048_576), settings.history());
        assertThrows(ConfigException.class, () -> new Settings(Map.of("HISTORY_MAX_BYTES", "0")).history());
        assertThrows(ConfigException.class, () -> new Settings(Map.of("MAX_ROOMS", "-1")).limits());
    }

    @Test
    void aBadValueIsRefusedNamingTheSettingAndWhatIsWrong() {
        ConfigException notNumber = assertThrows(ConfigException.class,
                () -> new Settings(Map.of("RATE_BURST", "lots")).limits());
        assertEquals("RATE_BURST=lots is invalid: must be a whole number", notNumber.getMessage());

        ConfigException tooBig = assertThrows(ConfigException.class,
                () -> new Settings(Map.of("HISTORY_SIZE", String.valueOf(HistoryPolicy.MAX_SIZE + 1)))
                        .history());
        assertTrue(tooBig.getMessage().startsWith("HISTORY_SIZE="), tooBig.getMessage());

        ConfigException origin = assertThrows(ConfigException.class,
                () -> new Settings(Map.of("ALLOWED_ORIGINS", "chat.example.com")).get(CoreSettings.ALLOWED_ORIGINS));
        assertTrue(origin.getMessage().contains("not an origin like https://"), origin.getMessage());
    }

    @Test
    void rawKeepsASecretExactlyAsGiven() {
        Settings settings = new Settings(Map.of("AUTH_SECRET", " spaced secret "));
        assertEquals(" spaced secret ", settings.raw("AUTH_SECRET"));
        assertEquals("", settings.raw("ABSENT"));
    }
}
