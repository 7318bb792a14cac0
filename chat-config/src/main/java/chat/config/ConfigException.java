package chat.config;

/** A configuration value is missing or wrong; the message names the setting, never its value when that may be a secret. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
