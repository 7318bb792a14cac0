package chat.core.hub;

import chat.core.access.RoomAction;
import chat.core.broker.Broker;
import chat.core.events.ChatEvents;
import chat.core.events.Limit;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.ClientCommand;
import chat.core.protocol.ErrorCode;
import chat.core.protocol.MessageType;
import chat.core.room.RoomRegistry;
import chat.core.room.Seat;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * ENTER, TALK and LEAVE of one member, and its LEAVEs when it goes: the room rules, the broker
 * interest the registry keeps, and publishing. Every step runs in the member's command order (its
 * {@code CommandSequencer}); a step's stage completes when the next may start. Thread-safe.
 */
final class RoomCommands {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Broker broker;
    private final RoomRegistry rooms;
    private final Replays replays;
    private final AccessChecks access;
    private final TalkFilters filters;
    private final GuardedObserver observer;
    private final Answers answers;
    private final ChatEvents events;
    private final ChatLimits limits;
    private final Clock clock;
    private final long answerWhenQueuedAtMost;

    RoomCommands(Broker broker, RoomRegistry rooms, Replays replays, AccessChecks access, TalkFilters filters,
                 GuardedObserver observer, Answers answers, ChatEvents events, ChatLimits limits, Clock clock,
                 long answerWhenQueuedAtMost) {
        this.broker = broker;
        this.rooms = rooms;
        this.replays = replays;
        this.access = access;
        this.filters = filters;
        this.observer = observer;
        this.answers = answers;
        this.events = events;
        this.limits = limits;
        this.clock = clock;
        this.answerWhenQueuedAtMost = answerWhenQueuedAtMost;
    }

    /**
     * Applies a client command (not PING) of {@code member}. A message longer than
     * {@code MAX_MESSAGE_CHARS} is refused whatever the command.
     */
    CompletionStage<Void> apply(Member member, ClientCommand command) {
        if (limits.messageTooLong(command.message())) {
            answers.error(member.connection, ErrorCode.MESSAGE_TOO_LONG,
                    "message must be at most " + limits.maxMessageChars() + " characters", command.roomId());
            return DONE;
        }
        return switch (command.type()) {
            case ENTER -> enter(member, command.roomId(), command.lastSeq());
            case TALK -> talk(member, command.roomId(), command.message());
            case LEAVE -> leave(member, command.roomId());
            default -> DONE;
        };
    }

    /**
     * Joins a room the member may access: subscribe, then (when the client resumes from
     * {@code lastSeq}) replay the TALKs it missed, then publish the ENTER. A resuming seat holds live
     * traffic until the replay is sent, so the replay comes first and nothing is sent twice; a
     * resume waits until the client has read what was queued for it.
     */
    private CompletionStage<Void> enter(Member member, String roomId, long lastSeq) {
        if (member.rooms.contains(roomId)) {
            return DONE;
        }
        if (member.rooms.size() >= limits.maxRoomsPerConnection()) {
            answers.error(member.connection, ErrorCode.TOO_MANY_ROOMS,
                    "a connection may be in at most " + limits.maxRoomsPerConnection() + " rooms", roomId);
            return DONE;
        }
        return access.check(member, roomId, RoomAction.ENTER)
                .thenCompose(allowed -> allowed && !member.closed ? enterAllowed(member, roomId, lastSeq) : DONE);
    }

    private CompletionStage<Void> enterAllowed(Member member, String roomId, long lastSeq) {
        if (lastSeq == ClientCommand.NO_LAST_SEQ) {
            return join(member, roomId, lastSeq);
        }
        return member.connection.whenQueuedAtMost(answerWhenQueuedAtMost)
                .thenCompose(ready -> member.closed ? DONE : join(member, roomId, lastSeq));
    }

    private CompletionStage<Void> join(Member member, String roomId, long lastSeq) {
        boolean resumes = lastSeq != ClientCommand.NO_LAST_SEQ;
        Seat seat = resumes ? new Seat(member.connection, limits.outboundQueueFrames()) : new Seat(member.connection);
        Optional<CompletableFuture<Void>> joined = rooms.join(roomId, seat, limits.maxRooms());
        if (joined.isEmpty()) {
            events.limitReached(Limit.SERVER_ROOMS);
            answers.error(member.connection, ErrorCode.TOO_MANY_ROOMS, "this server holds its maximum of "
                    + limits.maxRooms() + " rooms: enter a room that has members, or try again later", roomId);
            return DONE;
        }
        member.rooms.add(roomId);
        return joined.get()
                .thenCompose(subscribed -> resumes ? replays.replay(seat, roomId, lastSeq) : DONE)
                .thenCompose(replayed -> publish(MessageType.ENTER, roomId, member, ""))
                .handle((delivered, failure) -> {
                    if (failure != null) {
                        member.rooms.remove(roomId);
                        rooms.leave(roomId, member.connection);
                        answers.error(member.connection, ErrorCode.UNAVAILABLE, "could not join the room, try again: "
                                + Answers.describe(failure), roomId);
                    }
                    return null;
                });
    }

    /** A member's TALK, past the application's filter (when there is one), to the broker. */
    private CompletionStage<Void> talk(Member member, String roomId, String message) {
        if (!member.rooms.contains(roomId)) {
            answers.error(member.connection, ErrorCode.NOT_IN_ROOM, "ENTER the room before you TALK in it", roomId);
            return DONE;
        }
        if (filters.passesAll()) {
            return send(member, roomId, message);
        }
        return filters.check(member, roomId, message).thenCompose(text ->
                text.isPresent() && !member.closed ? send(member, roomId, text.get()) : DONE);
    }

    private CompletionStage<Void> send(Member member, String roomId, String message) {
        return publish(MessageType.TALK, roomId, member, message).handle((delivered, failure) -> {
            if (failure != null) {
                answers.error(member.connection, ErrorCode.UNAVAILABLE,
                        "message not sent, try again: " + Answers.describe(failure), roomId);
            }
            return null;
        });
    }

    private CompletionStage<Void> leave(Member member, String roomId) {
        if (!member.rooms.remove(roomId)) {
            answers.error(member.connection, ErrorCode.NOT_IN_ROOM, "not in this room", roomId);
            return DONE;
        }
        rooms.leave(roomId, member.connection);
        return publish(MessageType.LEAVE, roomId, member, "").handle((left, failure) -> null);
    }

    /** The member is gone: each of its rooms gets one LEAVE; completes when all were handed to the broker. */
    CompletionStage<Void> leaveAll(Member member) {
        CompletableFuture<?>[] leaves = new CompletableFuture<?>[member.rooms.size()];
        int i = 0;
        for (String roomId : member.rooms) {
            rooms.leave(roomId, member.connection);
            leaves[i++] = publish(MessageType.LEAVE, roomId, member, "").exceptionally(failure -> null)
                    .toCompletableFuture();
        }
        member.rooms.clear();
        return CompletableFuture.allOf(leaves);
    }

    /** Hands a member's message to the broker; once it took it, the observer is told (a TALK with its seq). */
    private CompletionStage<ChatMessage> publish(MessageType type, String roomId, Member member, String message) {
        ChatMessage chat = new ChatMessage(type, roomId, member.connection.userId(), message, clock.millis());
        CompletionStage<ChatMessage> published;
        try {
            published = broker.publish(chat);
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        return published.whenComplete((taken, failure) -> {
            if (failure == null) {
                events.messagePublished();
                observer.published(taken == null ? chat : taken);
            } else {
                events.publishFailed();
            }
        });
    }

}
