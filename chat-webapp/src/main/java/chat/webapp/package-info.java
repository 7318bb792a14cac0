/**
 * The chat as a WAR for Jakarta EE servers: {@link chat.webapp.ChatWebApp} starts the chat service
 * when the application starts and deploys the portable endpoint on the container's
 * {@code ServerContainer}, configured from servlet context parameters or the environment
 * ({@link chat.webapp.WebAppSettings}). Uses chat-endpoint, chat-redis and chat-config, and the
 * Servlet and WebSocket APIs the server provides.
 */
package chat.webapp;
