/**
 * One client connection as the hub sees it: {@link chat.core.connection.Connection}, the bounded
 * outbound queue with one write in flight ({@link chat.core.connection.BufferedConnection}) over a
 * container's {@link chat.core.connection.FrameTransport}, and the in-order running of one
 * connection's commands ({@link chat.core.connection.CommandSequencer}). Uses the protocol and the
 * events; knows nothing of rooms.
 */
package chat.core.connection;
