/**
 * The server API for the application's backend ({@code API_PORT}, {@code API_KEY}): JSON over HTTP
 * on its own Grizzly listener, each request checked for the key, built on the hub's
 * {@link chat.core.hub.ChatOperations}. Uses the runner's configuration and chat-core.
 */
package chat.runner.api;
