package chat.core.hub;

import chat.core.broker.Broker;
import chat.core.broker.BrokerListener;
import chat.core.broker.BrokerUnavailableException;
import chat.core.connection.BufferedConnection;
import chat.core.connection.CommandSequencer;
import chat.core.connection.Connection;
import chat.core.connection.FrameTransport;
import chat.core.connection.SendFailures;
import chat.core.events.ChatEvents;
import chat.core.events.FrameKind;
import chat.core.events.Limit;
import chat.core.history.HistoryBounds;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.ClientCommand;
import chat.core.protocol.CloseCode;
import chat.core.protocol.EncodedFrame;
import chat.core.protocol.ErrorCode;
import chat.core.protocol.ErrorFrame;
import chat.core.protocol.HistoryPage;
import chat.core.protocol.HistoryRequest;
import chat.core.protocol.Inbound;
import chat.core.protocol.InvalidFrame;
import chat.core.protocol.MessageType;
import chat.core.protocol.ResyncNotice;
import chat.core.protocol.ShutdownNotice;
import chat.core.room.RoomFeed;
import chat.core.room.RoomRegistry;
import chat.core.room.Seat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies the chat rules to this instance's connections: who is in which room, what a command
 * does, and who receives what.
 *
 * <p>There is one delivery path: every accepted message is published to the {@link Broker}, and
 * local members receive only what the broker hands back to {@link #onMessage}. Each message is
 * encoded once per delivery, not once per recipient.
 *
 * <p>Thread-safety: all methods may be called from any thread. The commands of one connection run
 * one at a time in the order they were given, also when a join waits for the broker.
 *
 * <pre>{@code
 * Broker broker = new InProcessBroker();
 * ChatHub hub = new ChatHub(broker, ChatLimits.defaults(), Clock.systemUTC());
 * broker.start(hub);
 * if (hub.open(connection)) { hub.onFrame(connection, new ChatCodec().decodeClient(text)); }
 * hub.onClose(connection);
 * }</pre>
 */
public final class ChatHub implements BrokerListener {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** Live messages a room holds while it reads missed TALKs from the history. */
    private static final int MAX_HELD_WHILE_RECOVERING = 10_000;
    /**
     * The most TALK bytes one HISTORY answer carries. Above the largest TALK a 64 KiB frame can
     * carry, so every stored TALK fits in a page, and small enough that a short request cannot
     * make the server write much: a page cut short says {@code more}.
     */
    public static final long HISTORY_PAGE_BYTES = 128 * 1024;
    /**
     * A command with a large answer (a HISTORY page, a resume's replay) waits until no more than
     * this is queued for its connection: a client that does not read what it asked for cannot make
     * the server hold a second answer (its commands wait, and past MAX_PENDING_COMMANDS it is
     * closed), and one resuming many rooms at once gets their replays one after another instead of
     * overflowing its queue.
     */
    private final long answerWhenQueuedAtMost;

    private final Broker broker;
    private final ChatLimits limits;
    private final ChatCodec codec;
    private final Clock clock;
    private final Executor writers;
    private final ChatEvents events;
    private final RoomRegistry rooms;
    private final Map<Connection, Member> members = new ConcurrentHashMap<>();
    private final BoundedCounts perUser;
    private final BoundedCounts perAddress;
    private final SendFailures sendFailures;
    /** What one resume replays, and one recovery reads: half of a client's outbound queue. */
    private final HistoryBounds replayBounds;
    /** Connections admitted and not yet forgotten: reserved before registering, so the bound holds under races. */
    private final AtomicInteger admitted = new AtomicInteger();
    private final CompletableFuture<Void> allClosed = new CompletableFuture<>();
    private volatile boolean shuttingDown;

    /** A hub whose connections write on the thread that queues their frames. */
    public ChatHub(Broker broker, ChatLimits limits, Clock clock) {
        this(broker, limits, clock, Runnable::run);
    }

    /**
     * @param writers runs the socket writes of the connections made by {@link #newConnection}, so
     *                delivering a message to a big room only queues it to each member
     */
    public ChatHub(Broker broker, ChatLimits limits, Clock clock, Executor writers) {
        this(broker, limits, clock, writers, ChatEvents.NONE);
    }

    /** @param events told what happens, for metrics */
    public ChatHub(Broker broker, ChatLimits limits, Clock clock, Executor writers, ChatEvents events) {
        this.events = Objects.requireNonNull(events, "events");
        this.writers = Objects.requireNonNull(writers, "writers");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codec = new ChatCodec();
        this.replayBounds = new HistoryBounds(Math.max(1, limits.outboundQueueFrames() / 2),
                Math.max(1, limits.outboundQueueBytes() / 2));
        this.answerWhenQueuedAtMost = Math.min(HISTORY_PAGE_BYTES, limits.outboundQueueBytes() / 4);
        this.rooms = new RoomRegistry(broker, roomId -> new RoomFeed(roomId, broker, codec, events, clock,
                MAX_HELD_WHILE_RECOVERING, replayBounds));
        this.perUser = new BoundedCounts(limits.maxConnectionsPerUser());
        this.perAddress = new BoundedCounts(limits.maxConnectionsPerAddress());
        this.sendFailures = new SendFailures(events);
    }

    public ChatLimits limits() {
        return limits;
    }

    /**
     * A connection for a new client, with this hub's outbound queue bound and writer threads.
     * Register it with {@link #open}.
     */
    public BufferedConnection newConnection(String id, String userId, FrameTransport transport) {
        return new BufferedConnection(id, userId, transport, limits.outboundQueueFrames(), writers,
                events::slowConsumerClosed, failure -> sendFailures.failed(id, userId, failure))
                .withByteCapacity(limits.outboundQueueBytes());
    }

    /** Where this hub reports what happens; the endpoint reports handshakes and close codes here too. */
    public ChatEvents events() {
        return events;
    }

    /**
     * Registers a new connection, unless the server is shutting down or a connection limit is
     * reached; the caller closes a refused connection with the code the answer names.
     */
    public Admission admit(Connection connection) {
        return admit(connection, null);
    }

    /**
     * As {@link #admit(Connection)}, also bounding connections per remote address.
     *
     * @param remoteAddress the peer's address, or null when the container does not tell it
     */
    public Admission admit(Connection connection, String remoteAddress) {
        Objects.requireNonNull(connection, "connection");
        if (shuttingDown) {
            return Admission.SHUTTING_DOWN;
        }
        if (!reserveSlot()) {
            return Admission.SERVER_FULL;
        }
        if (remoteAddress != null && !perAddress.tryAcquire(remoteAddress)) {
            admitted.decrementAndGet();
            return Admission.TOO_MANY_FOR_ADDRESS;
        }
        if (!perUser.tryAcquire(connection.userId())) {
            if (remoteAddress != null) {
                perAddress.release(remoteAddress);
            }
            admitted.decrementAndGet();
            return Admission.TOO_MANY_FOR_USER;
        }
        members.put(connection, new Member(connection, new CommandSequencer(limits.maxPendingCommands()),
                new TokenBucket(limits.rateBurst(), limits.ratePerSecond(), clock.millis()), remoteAddress));
        if (shuttingDown) { // shutdown began meanwhile and may not have seen this connection
            members.remove(connection);
            release(connection.userId(), remoteAddress);
            return Admission.SHUTTING_DOWN;
        }
        events.connectionOpened();
        return Admission.ACCEPTED;
    }

    /** Takes one of the instance's {@code maxConnections} places, unless all are taken. */
    private boolean reserveSlot() {
        while (true) {
            int now = admitted.get();
            if (now >= limits.maxConnections()) {
                return false;
            }
            if (admitted.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back what an admitted connection held: its place, and its user's and address's counts. */
    private void release(String userId, String remoteAddress) {
        perUser.release(userId);
        if (remoteAddress != null) {
            perAddress.release(remoteAddress);
        }
        admitted.decrementAndGet();
    }

    /** {@link #admit}, as a yes or no. */
    public boolean open(Connection connection) {
        return admit(connection) == Admission.ACCEPTED;
    }

    /** Handles one decoded client frame. Frames of unknown or closed connections are ignored. */
    public void onFrame(Connection connection, Inbound frame) {
        Member member = members.get(connection);
        if (member == null || member.closed) {
            return;
        }
        long now = clock.millis();
        member.lastHeardMillis = now;
        events.frameReceived(kindOf(frame));
        if (member.flooded) {
            return; // being closed for flooding: the rest of its frames are dropped unanswered
        }
        if (!member.withinRate(now)) {
            events.rateLimited();
            if (member.rateWarnings > limits.rateWarnings()) {
                member.flooded = true;
                connection.close(CloseCode.POLICY_VIOLATION, "rate limit exceeded");
                return;
            }
            member.sequencer.submit(() -> {
                member.error(ErrorCode.RATE_LIMITED, "slow down: at most " + limits.ratePerSecond()
                        + " frames per second (bursts of " + limits.rateBurst() + ")", null);
                return DONE;
            }, false);
            return;
        }
        if (frame instanceof ClientCommand command && command.type() == MessageType.PING) {
            return;
        }
        // Errors are sequenced too, so answers keep the order of the frames even while a join waits.
        boolean queued = member.sequencer.submit(() -> handle(member, frame), false);
        if (!queued) {
            connection.close(CloseCode.POLICY_VIOLATION, "too many commands waiting");
        }
    }

    private static FrameKind kindOf(Inbound frame) {
        if (frame instanceof HistoryRequest) {
            return FrameKind.HISTORY;
        }
        if (!(frame instanceof ClientCommand command)) {
            return FrameKind.INVALID;
        }
        return switch (command.type()) {
            case ENTER -> FrameKind.ENTER;
            case TALK -> FrameKind.TALK;
            case LEAVE -> FrameKind.LEAVE;
            case PING -> FrameKind.PING;
            default -> throw new IllegalStateException("not a client command: " + command.type());
        };
    }

    /** The client answered a ping: it is alive. */
    public void onPong(Connection connection) {
        Member member = members.get(connection);
        if (member != null) {
            member.lastHeardMillis = clock.millis();
        }
    }

    /**
     * Keeps idle connections honest; call it periodically. A connection silent for
     * {@code pingAfter} gets a WebSocket ping; one silent for {@code pingAfter + answerWithin}
     * (no frame, no pong) is closed with 1001.
     */
    public void checkIdle(Duration pingAfter, Duration answerWithin) {
        long now = clock.millis();
        long pingAt = pingAfter.toMillis();
        long deadAt = pingAt + answerWithin.toMillis();
        for (Member member : members.values()) {
            if (member.closed || member.idleClosing) {
                continue;
            }
            long silent = now - member.lastHeardMillis;
            if (silent > deadAt) {
                member.idleClosing = true; // its close may wait behind queued frames: count it once
                events.idleClosed();
                member.connection.close(CloseCode.GOING_AWAY, "no answer to ping");
            } else if (silent >= pingAt) {
                member.connection.ping();
            }
        }
    }

    /**
     * Closes, as slow consumers (1008), connections with one write in flight for longer than the
     * send timeout: their readers stopped reading. Call it periodically.
     */
    public void checkStalledWrites() {
        long now = System.nanoTime();
        long timeout = TimeUnit.MILLISECONDS.toNanos(limits.sendTimeoutMillis());
        for (Member member : members.values()) {
            if (!member.closed) {
                member.connection.closeIfStalled(now, timeout); // reports slowConsumerClosed itself
            }
        }
    }

    /**
     * Forgets a connection that closed, however it closed: each of its rooms gets one LEAVE.
     * Idempotent.
     */
    public void onClose(Connection connection) {
        Member member = members.get(connection);
        if (member == null) {
            return;
        }
        synchronized (member) {
            if (member.closed) {
                return;
            }
            member.closed = true;
        }
        member.sequencer.submit(() -> disconnect(member), true);
    }

    /**
     * Broker listener: hands a room's message to every local member, encoded once, through the
     * room's feed (which keeps TALKs gap-free and in seq order). Once shutdown began nothing more
     * is delivered here: the SHUTDOWN notice is each client's last frame.
     */
    @Override
    public void onMessage(ChatMessage message) {
        events.brokerMessageReceived();
        if (shuttingDown) {
            return;
        }
        RoomFeed feed = rooms.feed(message.roomId());
        if (feed != null) {
            feed.onMessage(message);
        }
    }

    /** Broker listener: the broker held to one of its bounds. */
    @Override
    public void limitReached(Limit limit) {
        events.limitReached(limit);
    }

    /** Broker listener: the broker dropped something on a room's channel that was not a chat message of the room. */
    @Override
    public void invalidMessageDropped() {
        events.invalidBrokerMessage();
    }

    /** Broker listener: the room's subscription was lost and remade; recover what it missed. */
    @Override
    public void onResubscribed(String roomId) {
        RoomFeed feed = rooms.feed(roomId);
        if (feed != null && !shuttingDown) {
            feed.catchUp();
        }
    }

    /**
     * Starts a graceful shutdown: refuses new connections, queues {@code notice} to every
     * connection and closes each with 1012 once its queue is written. The returned stage completes
     * when every connection has closed (see {@link #onClose}).
     */
    public CompletionStage<Void> shutdown(ShutdownNotice notice) {
        shuttingDown = true;
        EncodedFrame frame = codec.encodeFrame(notice);
        for (Member member : members.values()) {
            member.connection.closeAfter(frame, CloseCode.SERVICE_RESTART, "server is restarting");
        }
        completeIfDrained();
        return allClosed.copy();
    }

    /** Connections open on this instance. */
    public int connectionCount() {
        return members.size();
    }

    /** Bytes queued for all local clients and not yet written: what slow readers cost right now. */
    public long outboundBacklogBytes() {
        long total = 0;
        for (Connection connection : members.keySet()) {
            total += connection.queuedBytes();
        }
        return total;
    }

    /** Rooms with at least one local member. */
    public int roomCount() {
        return rooms.roomCount();
    }

    private CompletionStage<Void> handle(Member member, Inbound frame) {
        if (member.closed) {
            return DONE;
        }
        if (frame instanceof InvalidFrame invalid) {
            member.error(invalid.code(), invalid.reason(), invalid.roomId());
            return DONE;
        }
        if (frame instanceof HistoryRequest request) {
            return history(member, request);
        }
        ClientCommand command = (ClientCommand) frame;
        if (tooLong(command.message())) {
            member.error(ErrorCode.MESSAGE_TOO_LONG,
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
     * Joins a room: subscribe, then (when the client resumes from {@code lastSeq}) replay the
     * TALKs it missed, then publish the ENTER. A resuming seat holds live traffic until the replay
     * is sent, so the replay comes first and nothing is sent twice.
     */
    private CompletionStage<Void> enter(Member member, String roomId, long lastSeq) {
        if (member.rooms.contains(roomId)) {
            return DONE;
        }
        if (member.rooms.size() >= limits.maxRoomsPerConnection()) {
            member.error(ErrorCode.TOO_MANY_ROOMS,
                    "a connection may be in at most " + limits.maxRoomsPerConnection() + " rooms", roomId);
            return DONE;
        }
        boolean resumes = lastSeq != ClientCommand.NO_LAST_SEQ;
        if (!resumes) {
            return join(member, roomId, lastSeq);
        }
        return member.connection.whenQueuedAtMost(answerWhenQueuedAtMost)
                .thenCompose(ready -> member.closed ? DONE : join(member, roomId, lastSeq));
    }

    /** The rest of {@link #enter}, once a resuming client has room for its replay. */
    private CompletionStage<Void> join(Member member, String roomId, long lastSeq) {
        boolean resumes = lastSeq != ClientCommand.NO_LAST_SEQ;
        Seat seat = resumes ? new Seat(member.connection, limits.outboundQueueFrames()) : new Seat(member.connection);
        Optional<CompletableFuture<Void>> joined = rooms.join(roomId, seat, limits.maxRooms());
        if (joined.isEmpty()) {
            events.limitReached(Limit.SERVER_ROOMS);
            member.error(ErrorCode.TOO_MANY_ROOMS, "this server holds its maximum of " + limits.maxRooms()
                    + " rooms: enter a room that has members, or try again later", roomId);
            return DONE;
        }
        member.rooms.add(roomId);
        return joined.get()
                .thenCompose(subscribed -> resumes ? replay(seat, roomId, lastSeq) : DONE)
                .thenCompose(replayed -> publish(MessageType.ENTER, roomId, member, ""))
                .handle((delivered, failure) -> {
                    if (failure != null) {
                        member.rooms.remove(roomId);
                        rooms.leave(roomId, member.connection);
                        member.error(ErrorCode.UNAVAILABLE, "could not join the room, try again: "
                                + describe(failure), roomId);
                    }
                    return null;
                });
    }

    /**
     * Reads the room's TALKs after {@code lastSeq} and sends them to the seat, with a RESYNC first if
     * some are gone. The read brings the newest TALKs that fit in half the client's outbound queue
     * (a longer replay would close it as a slow consumer); what does not fit is announced with
     * RESYNC too, to be paged with HISTORY.
     */
    private CompletionStage<Void> replay(Seat seat, String roomId, long lastSeq) {
        return broker.historyAfter(roomId, lastSeq, replayBounds).thenCompose(slice -> lastSeq > slice.latestSeq()
                // numbered from 1 again since the client's lastSeq: it gets all there is
                ? broker.historyAfter(roomId, 0, replayBounds).thenApply(all -> new Replay(
                        ResyncNotice.reset(roomId, lastSeq, all.firstSeq()), all, 0))
                : CompletableFuture.completedFuture(new Replay(
                        slice.missesAfter(lastSeq) ? slice.resyncAfter(roomId, lastSeq) : null, slice, lastSeq))
        ).thenAccept(replay -> {
            HistorySlice slice = replay.slice();
            List<ChatMessage> messages = slice.messages();
            long firstSent = messages.isEmpty() ? slice.latestSeq() + 1 : messages.get(0).seq();
            ResyncNotice notice = replay.notice();
            if (firstSent > Math.max(replay.readAfter() + 1, slice.firstSeq())) {
                events.limitReached(Limit.REPLAY);
                String why = "are more than one replay holds: ask for them with HISTORY";
                notice = notice == null ? ResyncNotice.gap(roomId, lastSeq, firstSent, why) : notice.cutTo(firstSent, why);
            }
            List<EncodedFrame> frames = new ArrayList<>(messages.size() + 1);
            if (notice != null) {
                frames.add(codec.encodeFrame(notice));
                events.resyncSent(1);
            }
            for (ChatMessage message : messages) {
                frames.add(codec.encodeFrame(message));
            }
            events.historyReplayed(messages.size());
            // live TALKs up to the latest seq the read saw are in the replay or older than lastSeq
            seat.finishReplay(frames, slice.latestSeq());
        });
    }

    /** What a resuming client is sent: an optional RESYNC, then the slice's TALKs, read after {@code readAfter}. */
    private record Replay(ResyncNotice notice, HistorySlice slice, long readAfter) {
    }

    /** Answers a HISTORY request of a member with one page of stored TALKs. */
    private CompletionStage<Void> history(Member member, HistoryRequest request) {
        String roomId = request.roomId();
        if (!member.rooms.contains(roomId)) {
            member.error(ErrorCode.NOT_IN_ROOM, "ENTER the room before you ask for its HISTORY", roomId);
            return DONE;
        }
        return member.connection.whenQueuedAtMost(answerWhenQueuedAtMost)
                .thenCompose(ready -> member.closed ? DONE : readPage(member, request));
    }

    /** The rest of {@link #history}, once the client has room for the page. */
    private CompletionStage<Void> readPage(Member member, HistoryRequest request) {
        String roomId = request.roomId();
        CompletionStage<HistorySlice> reading;
        try {
            reading = broker.historyBefore(roomId, request.beforeSeq(),
                    new HistoryBounds(request.limit(), HISTORY_PAGE_BYTES));
        } catch (RuntimeException e) {
            reading = CompletableFuture.failedFuture(e);
        }
        return reading.handle((slice, failure) -> {
            if (failure != null) {
                member.error(ErrorCode.UNAVAILABLE, "history not available, try again: " + describe(failure), roomId);
            } else {
                List<ChatMessage> page = slice.messages();
                boolean more = !page.isEmpty() && page.get(0).seq() > slice.firstSeq();
                if (more && page.size() < request.limit()) {
                    events.limitReached(Limit.HISTORY_PAGE);
                }
                member.send(codec.encodeFrame(new HistoryPage(roomId, page, more)));
            }
            return null;
        });
    }

    private CompletionStage<Void> talk(Member member, String roomId, String message) {
        if (!member.rooms.contains(roomId)) {
            member.error(ErrorCode.NOT_IN_ROOM, "ENTER the room before you TALK in it", roomId);
            return DONE;
        }
        return publish(MessageType.TALK, roomId, member, message).handle((delivered, failure) -> {
            if (failure != null) {
                member.error(ErrorCode.UNAVAILABLE, "message not sent, try again: " + describe(failure), roomId);
            }
            return null;
        });
    }

    private CompletionStage<Void> leave(Member member, String roomId) {
        if (!member.rooms.remove(roomId)) {
            member.error(ErrorCode.NOT_IN_ROOM, "not in this room", roomId);
            return DONE;
        }
        rooms.leave(roomId, member.connection);
        return publish(MessageType.LEAVE, roomId, member, "").exceptionally(failure -> null);
    }

    private CompletionStage<Void> disconnect(Member member) {
        CompletableFuture<?>[] leaves = new CompletableFuture<?>[member.rooms.size()];
        int i = 0;
        for (String roomId : member.rooms) {
            rooms.leave(roomId, member.connection);
            leaves[i++] = publish(MessageType.LEAVE, roomId, member, "").exceptionally(failure -> null)
                    .toCompletableFuture();
        }
        member.rooms.clear();
        if (members.remove(member.connection) != null) {
            release(member.connection.userId(), member.remoteAddress);
        }
        if (shuttingDown) {
            completeIfDrained();
        }
        return CompletableFuture.allOf(leaves);
    }

    private CompletionStage<Void> publish(MessageType type, String roomId, Member member, String message) {
        ChatMessage chat = new ChatMessage(type, roomId, member.connection.userId(), message, clock.millis());
        CompletionStage<Void> published;
        try {
            published = broker.publish(chat);
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        return published.whenComplete((ok, failure) -> {
            if (failure == null) {
                events.messagePublished();
            } else {
                events.publishFailed();
            }
        });
    }

    private boolean tooLong(String message) {
        int max = limits.maxMessageChars();
        return message.length() > max && message.codePointCount(0, message.length()) > max;
    }

    private void completeIfDrained() {
        if (members.isEmpty()) {
            allClosed.complete(null);
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof BrokerUnavailableException && cause.getMessage() != null
                ? cause.getMessage() : "broker unavailable";
    }

    /** Per-connection state. {@code rooms} is touched only by the connection's sequenced steps. */
    private final class Member {
        final Connection connection;
        final CommandSequencer sequencer;
        final Set<String> rooms = new LinkedHashSet<>();
        private final TokenBucket rate; // touched only by the thread delivering this connection's frames
        int rateWarnings;
        boolean flooded;
        boolean idleClosing; // touched only by the periodic idle check
        volatile long lastHeardMillis = clock.millis();
        volatile boolean closed;

        final String remoteAddress; // null when unknown

        Member(Connection connection, CommandSequencer sequencer, TokenBucket rate, String remoteAddress) {
            this.connection = connection;
            this.sequencer = sequencer;
            this.rate = rate;
            this.remoteAddress = remoteAddress;
        }

        /** Takes a token for one frame; counts refusals in a row. */
        boolean withinRate(long nowMillis) {
            if (rate.tryTake(nowMillis)) {
                rateWarnings = 0;
                return true;
            }
            rateWarnings++;
            return false;
        }

        void send(EncodedFrame frame) {
            connection.send(frame);
        }

        void error(ErrorCode code, String message, String roomId) {
            events.errorSent(code);
            send(codec.encodeFrame(new ErrorFrame(code, message, roomId)));
        }
    }
}
