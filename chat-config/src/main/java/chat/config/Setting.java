package chat.config;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One configuration setting, described once: its name (an environment variable or servlet context
 * parameter), its default, how its text is read, and what it means. The documentation's
 * configuration table (docs/CONFIGURATION.md) is checked against these descriptions, so the two
 * cannot drift; {@link Settings#get} reads a value through one.
 *
 * <pre>{@code
 * static final Setting<Integer> RATE_BURST = Setting.of("RATE_BURST", 20, "`20`", Settings::positive,
 *         "frames one connection may send at once (token bucket size)");
 * int burst = new Settings(System.getenv()).get(RATE_BURST);
 * }</pre>
 *
 * @param <T> the value's type
 */
public final class Setting<T> {
    private final String name;
    private final Supplier<T> defaultValue;
    private final String defaultText;
    private final Settings.Parser<T> parser;
    private final String meaning;

    private Setting(String name, Supplier<T> defaultValue, String defaultText, Settings.Parser<T> parser,
                    String meaning) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.defaultText = Objects.requireNonNull(defaultText, "defaultText");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.meaning = Objects.requireNonNull(meaning, "meaning");
    }

    /**
     * A setting with a fixed default.
     *
     * @param defaultText the default as the documentation writes it (Markdown)
     * @param meaning     what the setting does, as the documentation writes it (Markdown)
     */
    public static <T> Setting<T> of(String name, T defaultValue, String defaultText, Settings.Parser<T> parser,
                                    String meaning) {
        return new Setting<>(name, () -> defaultValue, defaultText, parser, meaning);
    }

    /** A setting whose default depends on where it runs (cores, host name), worked out when read. */
    public static <T> Setting<T> derived(String name, Supplier<T> defaultValue, String defaultText,
                                         Settings.Parser<T> parser, String meaning) {
        return new Setting<>(name, defaultValue, defaultText, parser, meaning);
    }

    public String name() {
        return name;
    }

    /** The value when the setting is unset or blank. */
    public T defaultValue() {
        return defaultValue.get();
    }

    /** The default as the documentation writes it. */
    public String defaultText() {
        return defaultText;
    }

    /** What the setting does, as the documentation writes it. */
    public String meaning() {
        return meaning;
    }

    /** The value of {@code text} (trimmed, not blank); throws {@link IllegalArgumentException} saying what is wrong. */
    T parse(String text) {
        return parser.parse(text);
    }

    @Override
    public String toString() {
        return name;
    }
}
