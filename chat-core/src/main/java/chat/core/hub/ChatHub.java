package chat.core.hub;

import chat.core.access.RoomAccess;
import chat.core.access.RoomGrants;
import chat.core.hooks.ChatHooks;
import chat.core.broker.Broker;
import chat.core.broker.BrokerListener;
import chat.core.connection.BufferedConnection;
import chat.core.connection.Connection;
import chat.core.connection.FrameTransport;
import chat.core.connection.SendFailures;
import chat.core.events.ChatEvents;
import chat.core.events.Limit;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.Inbound;
import chat.core.protocol.ShutdownNotice;
import chat.core.room.RoomFeed;
import chat.core.room.RoomRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Applies the chat rules to this instance's connections: who is in which room, what a command
 * does, and who receives what.
 *
 * <p>There is one delivery path: every accepted message is published to the {@link Broker}, and
 * local members receive only what the broker hands back to {@link #onMessage}. Each message is
 * encoded once per delivery, not once per recipient.
 *
 * <p>A coordinator: each rule lives in a collaborator named for it: {@link Admissions} (connection
 * bounds), {@link FrameIntake} (what a connection sends) with {@link FloodControl} (inbound rate),
 * {@link RoomCommands} (ENTER, TALK, LEAVE) with {@link Replays} (resuming), {@link HistoryPages}
 * (HISTORY), {@link AccessChecks} (who may enter and read a room), {@link Liveness} (pings, stalled writes), {@link Departures} (closed connections' LEAVEs)
 * and {@link Draining} (graceful shutdown); the hub routes frames and broker traffic to them.
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
    /** Live messages a room holds while it reads missed TALKs from the history. */
    private static final int MAX_HELD_WHILE_RECOVERING = 10_000;
    /**
     * The most TALK bytes one HISTORY answer carries. Above the largest TALK a 64 KiB frame can
     * carry, so every stored TALK fits in a page, and small enough that a short request cannot
     * make the server write much: a page cut short says {@code more}.
     */
    public static final long HISTORY_PAGE_BYTES = 128 * 1024;

    private final ChatLimits limits;
    private final Clock clock;
    private final Executor writers;
    private final ChatEvents events;
    private final RoomRegistry rooms;
    private final Members members;
    private final FrameIntake intake;
    private final Departures departures;
    private final Liveness liveness;
    private final Draining draining;
    private final SendFailures sendFailures;
    private final ChatOperations operations;

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
        this(broker, limits, clock, writers, events, ChatHooks.defaults());
    }

    /**
     * @param hooks who may ENTER a room or read its HISTORY (direct-message rooms,
     *              {@code dm:<userA>:<userB>}, are decided by their rule before it is asked), what
     *              happens to a TALK before it is numbered, and who is told what members did
     */
    public ChatHub(Broker broker, ChatLimits limits, Clock clock, Executor writers, ChatEvents events,
                   ChatHooks hooks) {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(hooks, "hooks");
        this.events = Objects.requireNonNull(events, "events");
        this.writers = Objects.requireNonNull(writers, "writers");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        ChatCodec codec = new ChatCodec();
        AnswerBudgets budgets = AnswerBudgets.of(limits);
        this.rooms = new RoomRegistry(broker, roomId -> new RoomFeed(roomId, broker, codec, events, clock,
                MAX_HELD_WHILE_RECOVERING, budgets.replay()));
        Answers answers = new Answers(codec, events);
        AccessChecks accessChecks = new AccessChecks(hooks.roomAccess(), answers, events);
        GuardedObserver observer = new GuardedObserver(hooks.observer());
        this.operations = new ChatOperations(broker, limits, clock, observer);
        RoomCommands roomCommands = new RoomCommands(broker, rooms, new Replays(broker, codec, events,
                budgets.replay()), accessChecks, new TalkFilters(hooks.talkFilter(), answers, limits), observer, answers,
                events, limits, clock, budgets.answerWhenQueuedAtMost());
        this.liveness = new Liveness(limits, events);
        this.draining = new Draining(codec);
        this.members = new Members(limits, draining);
        this.intake = new FrameIntake(members, roomCommands, new HistoryPages(broker, accessChecks, answers, events,
                budgets.answerWhenQueuedAtMost()), answers, events, limits, clock);
        this.departures = new Departures(members, roomCommands, observer);
        this.sendFailures = new SendFailures(events);
    }

    public ChatLimits limits() {
        return limits;
    }

    /** What the application's backend may do directly: post into a room, read its history. */
    public ChatOperations operations() {
        return operations;
    }

    /**
     * A connection for a new client, with this hub's outbound queue bound and writer threads.
     * Register it with {@link #admit}.
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
        return admit(connection, remoteAddress, RoomGrants.NONE);
    }

    /**
     * As {@link #admit(Connection, String)}, for a connection whose token grants {@code grants}
     * (what {@link RoomAccess#byToken()} decides by).
     */
    public Admission admit(Connection connection, String remoteAddress, RoomGrants grants) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(grants, "grants");
        Admission admission = members.admit(connection, remoteAddress, grants, clock.millis());
        if (admission == Admission.ACCEPTED) {
            events.connectionOpened();
        }
        return admission;
    }

    /** {@link #admit}, as a yes or no. */
    public boolean open(Connection connection) {
        return admit(connection) == Admission.ACCEPTED;
    }

    /**
     * Handles one decoded client frame, in the connection's command order. Frames of unknown or
     * closed connections are ignored.
     */
    public void onFrame(Connection connection, Inbound frame) {
        intake.frame(connection, frame);
    }

    /** The client answered a ping: it is alive. */
    public void onPong(Connection connection) {
        intake.pong(connection);
    }

    /**
     * Keeps idle connections honest; call it periodically. A connection silent for
     * {@code pingAfter} gets a WebSocket ping; one silent for {@code pingAfter + answerWithin}
     * (no frame, no pong) is closed with 1001.
     */
    public void checkIdle(Duration pingAfter, Duration answerWithin) {
        liveness.checkIdle(members.all(), clock.millis(), pingAfter, answerWithin);
    }

    /**
     * Closes, as slow consumers (1008), connections with one write in flight for longer than the
     * send timeout: their readers stopped reading. Call it periodically.
     */
    public void checkStalledWrites() {
        liveness.checkStalledWrites(members.all());
    }

    /**
     * {@link #checkStalledWrites} and, unless {@code pingAfter} is zero, {@link #checkIdle}, in one
     * pass over the connections: what the service runs periodically.
     */
    public void checkPeers(Duration pingAfter, Duration answerWithin) {
        liveness.checkPeers(members.all(), clock.millis(), pingAfter, answerWithin);
    }

    /**
     * Forgets a connection that closed, however it closed: each of its rooms gets one LEAVE.
     * Idempotent.
     */
    public void onClose(Connection connection) {
        departures.closed(connection);
    }

    /**
     * Broker listener: hands a room's message to every local member, encoded once, through the
     * room's feed (which keeps TALKs gap-free and in seq order). Once shutdown began nothing more
     * is delivered here: the SHUTDOWN notice is each client's last frame.
     */
    @Override
    public void onMessage(ChatMessage message) {
        events.brokerMessageReceived();
        if (draining.begun()) {
            return;
        }
        RoomFeed feed = rooms.feed(message.roomId());
        if (feed != null) {
            feed.onMessage(message);
        }
    }

    /** Broker listener: the room's subscription was lost and remade; recover what it missed. */
    @Override
    public void onResubscribed(String roomId) {
        RoomFeed feed = rooms.feed(roomId);
        if (feed != null && !draining.begun()) {
            feed.catchUp();
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

    /**
     * Starts a graceful shutdown: refuses new connections, queues {@code notice} to every
     * connection as its last frame and closes each with 1012 once its queue is written. The
     * returned stage completes when every connection has closed (see {@link #onClose}).
     */
    public CompletionStage<Void> shutdown(ShutdownNotice notice) {
        return draining.begin(notice, members.connections());
    }

    /** Connections open on this instance. */
    public int connectionCount() {
        return members.count();
    }

    /** Bytes queued for all local clients and not yet written: what slow readers cost right now. */
    public long outboundBacklogBytes() {
        long total = 0;
        for (Connection connection : members.connections()) {
            total += connection.queuedBytes();
        }
        return total;
    }

    /** Rooms with at least one local member. */
    public int roomCount() {
        return rooms.roomCount();
    }
}
