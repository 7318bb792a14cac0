/**
 * Deployment configuration: named settings (environment variables, servlet context parameters)
 * read as the typed values the chat runs with ({@link chat.config.Settings}). Each setting is one
 * {@link chat.config.Setting} (name, default, parser, documentation). Uses chat-core's values
 * (limits, history policy, service options); chat-core never sees a setting.
 */
package chat.config;
