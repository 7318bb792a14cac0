package chat.webapp;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebAppSettingsTest {

    @Test
    void nothingSetGivesTheDefaults() {
        assertEquals(WebAppSettings.defaults(), WebAppSettings.read(name -> null));
    }

    @Test
    void allowedOriginsAreReadCommaSeparated() {
        WebAppSettings settings = WebAppSettings.read(Map.of("ALLOWED_ORIGINS",
                " https://chat.example.com, http://localhost:3000 ,")::get);
        assertEquals(Set.of("https://chat.example.com", "http://localhost:3000"), settings.allowedOrigins());
    }

    @Test
    void aValueThatIsNotAnOriginFailsNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebAppSettings.read(Map.of("ALLOWED_ORIGINS", "chat.example.com/path")::get));
        assertTrue(e.getMessage().startsWith("ALLOWED_ORIGINS: 'chat.example.com/path'"), e.getMessage());
    }
}
