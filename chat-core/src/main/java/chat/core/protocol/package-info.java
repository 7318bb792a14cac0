/**
 * The wire protocol: the frames a client sends and the server answers with, their JSON
 * ({@link chat.core.protocol.ChatCodec}), and what text and ids are accepted
 * ({@link chat.core.protocol.WireText}, {@link chat.core.protocol.Identifiers}). Values only: it
 * depends on nothing else of the chat, and everything else may use it.
 */
package chat.core.protocol;
