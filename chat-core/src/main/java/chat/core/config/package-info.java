/**
 * Deployment configuration: named settings (environment variables, servlet context parameters)
 * read as the typed values the chat runs with ({@link chat.core.config.Settings}). Sits on top of
 * the hub and the history model; nothing in chat-core depends on it.
 */
package chat.core.config;
