/**
 * The chat as a portable Jakarta WebSocket endpoint: {@link chat.endpoint.ChatEndpoint} at
 * {@code /ws/chat}, deployed with {@link chat.endpoint.ChatEndpoint#config} on any container, its
 * encoder, and who a connection speaks for ({@link chat.endpoint.Identity}: the
 * {@code userId} parameter, or a signed token). Uses chat-core, the Jakarta WebSocket API and
 * java-jwt; nothing of a particular container.
 */
package chat.endpoint;
