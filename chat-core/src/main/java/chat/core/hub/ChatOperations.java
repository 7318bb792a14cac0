package chat.core.hub;

import chat.core.broker.Broker;
import chat.core.history.HistoryBounds;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.HistoryPage;
import chat.core.protocol.HistoryRequest;
import chat.core.protocol.Identifiers;
import chat.core.protocol.MessageType;
import chat.core.protocol.WireText;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the application's backend may do to the chat directly, on every instance that shares the
 * broker: post into a room and read a room's history. The HTTP server API is built on it; an
 * embedding application calls it itself ({@code ChatService.operations()}). Results are
 * asynchronous; bad input fails the stage with {@link OperationRefused}, a broker that cannot take
 * the request with {@link chat.core.broker.BrokerUnavailableException}. Thread-safe.
 *
 * <pre>{@code
 * operations.publish("lobby", "maintenance at 22:00", null)
 *         .thenAccept(talk -> log.info("posted as seq " + talk.seq()));
 * }</pre>
 */
public final class ChatOperations {
    private final Broker broker;
    private final ChatLimits limits;
    private final Clock clock;
    private final GuardedObserver observer;

    ChatOperations(Broker broker, ChatLimits limits, Clock clock, GuardedObserver observer) {
        this.broker = broker;
        this.limits = limits;
        this.clock = clock;
        this.observer = observer;
    }

    /**
     * A TALK from {@code userId} ({@link Identifiers#RESERVED_USER_ID} when null, so clients can
     * tell the server's own posts) to every member of {@code roomId} on every instance, numbered and
     * stored like any TALK, whether or not the room has members now. Completes with the TALK as
     * numbered. The application's message filter is not asked: the backend speaks for itself.
     */
    public CompletionStage<ChatMessage> publish(String roomId, String message, String userId) {
        String author = userId == null ? Identifiers.RESERVED_USER_ID : userId;
        Optional<OperationRefused> refused = roomProblem(roomId)
                .or(() -> author.equals(Identifiers.RESERVED_USER_ID) ? Optional.empty()
                        : Identifiers.userIdProblem(author).map(p -> new OperationRefused("BAD_USER", p)))
                .or(() -> messageProblem(message));
        if (refused.isPresent()) {
            return CompletableFuture.failedFuture(refused.get());
        }
        ChatMessage talk = new ChatMessage(MessageType.TALK, roomId, author, message, clock.millis());
        CompletionStage<ChatMessage> published;
        try {
            published = broker.publish(talk);
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        return published.thenApply(numbered -> {
            observer.published(numbered);
            return numbered;
        });
    }

    /**
     * The newest stored TALKs of {@code roomId} below {@code beforeSeq} ({@link Long#MAX_VALUE}: the
     * newest), at most {@code limit} (1-{@value HistoryRequest#MAX_LIMIT}) and
     * {@link ChatHub#HISTORY_PAGE_BYTES}, as a HISTORY frame holds them.
     */
    public CompletionStage<HistoryPage> history(String roomId, long beforeSeq, int limit) {
        Optional<OperationRefused> refused = roomProblem(roomId);
        if (refused.isEmpty() && beforeSeq < 1) {
            refused = Optional.of(new OperationRefused("BAD_JSON", "beforeSeq must be a positive integer"));
        }
        if (refused.isEmpty() && (limit < 1 || limit > HistoryRequest.MAX_LIMIT)) {
            refused = Optional.of(new OperationRefused("BAD_JSON", "limit must be 1-" + HistoryRequest.MAX_LIMIT));
        }
        if (refused.isPresent()) {
            return CompletableFuture.failedFuture(refused.get());
        }
        CompletionStage<HistorySlice> read;
        try {
            read = broker.historyBefore(roomId, beforeSeq, new HistoryBounds(limit, ChatHub.HISTORY_PAGE_BYTES));
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        return read.thenApply(slice -> HistoryPages.page(roomId, slice));
    }

    private static Optional<OperationRefused> roomProblem(String roomId) {
        return Identifiers.roomIdProblem(roomId).map(problem -> new OperationRefused("BAD_ROOM", problem));
    }

    private Optional<OperationRefused> messageProblem(String message) {
        if (message == null) {
            return Optional.of(new OperationRefused("BAD_JSON", "message is required"));
        }
        if (limits.messageTooLong(message)) {
            return Optional.of(new OperationRefused("MESSAGE_TOO_LONG",
                    "message must be at most " + limits.maxMessageChars() + " characters"));
        }
        return WireText.problem(message).map(problem -> new OperationRefused("BAD_JSON", "message is not text: " + problem));
    }

    /** Input an operation refuses: {@code code} names what is wrong as the protocol's error codes do. */
    public static final class OperationRefused extends RuntimeException {
        private final String code;

        public OperationRefused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
