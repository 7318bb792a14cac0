/**
 * What an embedding application plugs into the chat: a {@link chat.core.hooks.TalkFilter} that may
 * reject a TALK or replace its text before it is numbered (moderation), and a
 * {@link chat.core.hooks.ChatObserver} told of every ENTER, TALK, LEAVE and disconnect once the
 * deployment took it (webhooks, search indexing, persistence). {@link chat.core.hooks.ChatHooks}
 * holds them with the room access decider. Uses the protocol and the access contract.
 */
package chat.core.hooks;
