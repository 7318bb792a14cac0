package chat.endpoint;

import chat.core.protocol.Inbound;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * {@link ChatEndpoint} as a programmatic endpoint, the portable way to hand it a hub: every Jakarta
 * WebSocket container deploys a {@link ServerEndpointConfig} of an {@link Endpoint} subclass with the
 * configurator it is given, whereas for an annotated class Tyrus and Jetty instantiate the
 * annotation's configurator themselves (which needs {@link ChatDeployment#deploy}).
 *
 * <pre>{@code
 * serverContainer.addEndpoint(ProgrammaticChatEndpoint.config(new ChatEndpointConfigurator(hub, allowedOrigins)));
 * }</pre>
 *
 * <p>It only registers the chat endpoint's methods as the session's handlers: the same frames, limits
 * and close codes as the annotated one.
 */
public final class ProgrammaticChatEndpoint extends Endpoint {
    private final ChatEndpoint chat;

    ProgrammaticChatEndpoint(ChatEndpoint chat) {
        this.chat = Objects.requireNonNull(chat, "chat");
    }

    /** The chat endpoint at {@link ChatEndpoint#PATH}, served by the configurator's hub. */
    public static ServerEndpointConfig config(ChatEndpointConfigurator configurator) {
        return ServerEndpointConfig.Builder.create(ProgrammaticChatEndpoint.class, ChatEndpoint.PATH)
                .configurator(configurator)
                .decoders(List.of(InboundDecoder.class))
                .encoders(List.of(EncodedFrameEncoder.class))
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.setMaxTextMessageBufferSize(ChatEndpoint.MAX_FRAME_BYTES);
        session.addMessageHandler(Inbound.class, (MessageHandler.Whole<Inbound>) frame -> chat.text(session, frame));
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> chat.binary(session, data));
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> chat.pong(session, pong));
        chat.open(session);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        chat.closed(session, reason);
    }

    @Override
    public void onError(Session session, Throwable error) {
        chat.failed(session, error);
    }
}
