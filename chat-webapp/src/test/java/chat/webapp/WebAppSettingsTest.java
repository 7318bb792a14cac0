package chat.webapp;

import chat.core.hub.ChatLimits;
import chat.config.ConfigException;
import chat.core.history.HistoryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebAppSettingsTest {

    @Test
    void nothingSetRunsInProcessWithTheRunnersDefaults() {
        WebAppSettings settings = WebAppSettings.read(Map.of());
        assertEquals(ChatLimits.defaults(), settings.service().limits());
        assertEquals(Duration.ofSeconds(30), settings.service().options().pingInterval());
        assertEquals(HistoryPolicy.DEFAULT, settings.history());
        assertTrue(settings.redis().isEmpty());
        assertTrue(settings.authSecret().isEmpty());
        assertEquals(Set.of(), settings.allowedOrigins());
        assertEquals(Duration.ofSeconds(10), settings.shutdownTimeout());
    }

    @Test
    void theConfigurationTablesNamesAreRead() {
        WebAppSettings settings = WebAppSettings.read(Map.of(
                "ALLOWED_ORIGINS", " https://chat.example.com, http://localhost:3000 ,",
                "REDIS_URL", "redis://:pw@redis.internal:6380/2",
                "INSTANCE_ID", "web-1",
                "MAX_CONNECTIONS", "500",
                "HISTORY_SIZE", "20",
                "PING_INTERVAL_MS", "0",
                "SHUTDOWN_TIMEOUT_MS", "2500",
                "AUTH_SECRET", "a-secret-of-at-least-thirty-two-bytes"));
        assertEquals(Set.of("https://chat.example.com", "http://localhost:3000"), settings.allowedOrigins());
        assertEquals("redis.internal", settings.redis().orElseThrow().host());
        assertEquals(6380, settings.redis().orElseThrow().port());
        assertEquals("web-1", settings.instanceId());
        assertEquals(500, settings.service().limits().maxConnections());
        assertEquals(20, settings.history().size());
        assertEquals(Duration.ZERO, settings.service().options().pingInterval());
        assertEquals(Duration.ofMillis(2500), settings.shutdownTimeout());
        assertTrue(settings.authSecret().isPresent());
        assertFalse(settings.toString().contains("pw") || settings.toString().contains("thirty"),
                "no secret in " + settings);
    }

    @Test
    void aContextParameterWinsOverTheEnvironmentUnlessItIsBlank() {
        Map<String, String> values = WebAppSettings.overlay(
                Map.of("AUTH_SECRET", "from-the-environment", "INSTANCE_ID", "env-id", "REDIS_URL", "redis://env"),
                Map.of("AUTH_SECRET", "  ", "INSTANCE_ID", "param-id", "HISTORY_SIZE", "7"));
        assertEquals(Map.of("AUTH_SECRET", "from-the-environment", "INSTANCE_ID", "param-id",
                "REDIS_URL", "redis://env", "HISTORY_SIZE", "7"), values);
    }

    @Test
    void aBadValueFailsNamingTheSetting() {
        ConfigException origin = assertThrows(ConfigException.class,
                () -> WebAppSettings.read(Map.of("ALLOWED_ORIGINS", "chat.example.com/path")));
        assertTrue(origin.getMessage().startsWith("ALLOWED_ORIGINS="), origin.getMessage());
        ConfigException redis = assertThrows(ConfigException.class,
                () -> WebAppSettings.read(Map.of("REDIS_URL", "http://nope")));
        assertTrue(redis.getMessage().startsWith("REDIS_URL is invalid"), redis.getMessage());
        ConfigException secret = assertThrows(ConfigException.class,
                () -> WebAppSettings.read(Map.of("AUTH_SECRET", "short")));
        assertFalse(secret.getMessage().contains("short"), secret.getMessage());
    }
}
