package chat.core.hub;

import chat.core.connection.Connection;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;
import chat.core.protocol.ShutdownNotice;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A graceful shutdown: once begun, new connections are refused and nothing more is delivered; every
 * open connection gets the SHUTDOWN notice as its last frame and is closed with 1012 once its queue
 * is written; the returned stage completes when the last connection is forgotten. Thread-safe.
 */
final class Draining {
    private final ChatCodec codec;
    private final CompletableFuture<Void> allClosed = new CompletableFuture<>();
    private volatile boolean begun;

    Draining(ChatCodec codec) {
        this.codec = codec;
    }

    boolean begun() {
        return begun;
    }

    CompletionStage<Void> begin(ShutdownNotice notice, Collection<Connection> open) {
        begun = true;
        EncodedFrame frame = codec.encodeFrame(notice);
        for (Connection connection : open) {
            connection.closeAfter(frame, CloseCode.SERVICE_RESTART, "server is restarting");
        }
        connectionForgotten(open.isEmpty());
        return allClosed.copy();
    }

    /** A connection was forgotten; {@code noneLeft} says whether it was the last. */
    void connectionForgotten(boolean noneLeft) {
        if (begun && noneLeft) {
            allClosed.complete(null);
        }
    }
}
