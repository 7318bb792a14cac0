/**
 * The chat rules for this instance's connections: {@link chat.core.hub.ChatHub} admits connections,
 * applies each command and hands room traffic to the broker and back to the rooms;
 * {@link chat.core.hub.ChatLimits} are its bounds; {@link chat.core.hub.ChatService} runs a hub with
 * its writer threads, broker and peer checks. Uses every package of chat-core but the configuration.
 */
package chat.core.hub;
