package chat.redis;

import chat.core.protocol.ChatMessage;
import chat.core.protocol.MessageType;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Calling a broker from chat-redis' tests: what a call completes with, within a bound, and a message to send. */
final class BrokerCalls {
    private BrokerCalls() {
    }

    /** Waits up to 5 s for a broker call to complete; throws what it failed with, or a timeout. */
    static void await(CompletionStage<?> stage) throws Exception {
        stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** What a broker call failed with (unwrapped), or null when it succeeded. */
    static Throwable failureOf(CompletionStage<?> stage) {
        Throwable failure = stage.toCompletableFuture().handle((ok, e) -> e).join();
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** A TALK of user "u" in {@code room}, as the hub would publish it. */
    static ChatMessage talk(String room, String text) {
        return new ChatMessage(MessageType.TALK, room, "u", text, 1L);
    }
}
