package chat.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chat.config.CoreSettings;
import chat.runner.api.ApiConfig;
import chat.config.RoomAccessSettings;
import chat.config.Setting;
import chat.endpoint.EndpointSettings;
import chat.redis.RedisSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md's table is what the settings' descriptions say, row for row: every setting
 * the runner or the web application reads is documented, with the default and meaning its
 * description gives, and nothing else is. Change a setting's description and the table with it.
 */
class ConfigurationDocsTest {
    private static final Path TABLE = Path.of("..", "docs", "CONFIGURATION.md");

    /** Every setting the runner reads: the chat service's, the endpoint's, Redis' and its own. */
    static List<Setting<?>> everySetting() {
        List<Setting<?>> all = new ArrayList<>();
        all.addAll(CoreSettings.all());
        all.addAll(RoomAccessSettings.all());
        all.addAll(EndpointSettings.all());
        all.addAll(RedisSettings.all());
        all.addAll(RunnerSettings.all());
        all.addAll(ApiConfig.all());
        return all;
    }

    /** name -> [default, meaning], as the table's rows give them. */
    private static Map<String, List<String>> documentedRows() throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(TABLE)) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            String name = cells[1].trim().replace("`", "");
            rows.put(name, List.of(cells[2].trim(), cells[3].trim()));
        }
        return rows;
    }

    @Test
    void everySettingIsDocumentedWithItsDescriptionAndNothingElseIs() throws IOException {
        Map<String, List<String>> documented = documentedRows();
        Map<String, List<String>> described = new LinkedHashMap<>();
        for (Setting<?> setting : everySetting()) {
            described.put(setting.name(), List.of(setting.defaultText(), setting.meaning()));
        }
        assertEquals(described.keySet().stream().sorted().toList(), documented.keySet().stream().sorted().toList(),
                "settings described in code and rows in " + TABLE);
        described.forEach((name, description) -> assertEquals(description, documented.get(name), name));
    }
}
