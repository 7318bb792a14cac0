/**
 * The chat as one process ({@code java -jar chat-runner.jar}): {@link chat.runner.Main} reads the
 * environment, {@link chat.runner.ChatServer} runs the chat service in Tyrus on a Grizzly server it
 * builds itself ({@code GrizzlyWebSocketContainer}) with the chat page beside the endpoint. The
 * Grizzly filters in front of Tyrus guard the edge: handshakes ({@code HandshakeCheck},
 * {@code HandshakeDeadline}), inbound frames and pings ({@code InboundFrameGuard}), what waits to be
 * written ({@code WriteQueueBound}) and closes that never finish ({@code CloseDeadline});
 * {@code UpgradeHandOff} and {@code DirectFrameTransport} write each frame, framed once for all its
 * recipients, straight to the socket, and {@code DirectFrameReader} takes plain inbound text frames
 * and pongs to the endpoint before Tyrus reads them. Uses every other module but the web application.
 */
package chat.runner;
