/**
 * What happens in the chat, told to whoever watches (metrics): {@link chat.core.events.ChatEvents},
 * and the bounds it holds to ({@link chat.core.events.Limit}). Uses the protocol's codes only.
 */
package chat.core.events;
