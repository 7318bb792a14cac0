package chat.core.hub;

import chat.core.broker.BrokerUnavailableException;
import chat.core.connection.Connection;
import chat.core.events.Causes;
import chat.core.events.ChatEvents;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ErrorCode;
import chat.core.protocol.ErrorFrame;
import chat.core.protocol.ServerFrame;


/** Frames the hub sends one client in answer to its own commands: errors, pages. Thread-safe. */
final class Answers {
    private final ChatCodec codec;
    private final ChatEvents events;

    Answers(ChatCodec codec, ChatEvents events) {
        this.codec = codec;
        this.events = events;
    }

    void send(Connection to, ServerFrame frame) {
        to.send(codec.encodeFrame(frame));
    }

    void error(Connection to, ErrorCode code, String message, String roomId) {
        events.errorSent(code);
        send(to, new ErrorFrame(code, message, roomId));
    }

    /** Why the broker failed, in words for the client: the broker's own when it gave some. */
    static String describe(Throwable failure) {
        Throwable cause = Causes.unwrapped(failure);
        return cause instanceof BrokerUnavailableException && cause.getMessage() != null
                ? cause.getMessage() : "broker unavailable";
    }
}
