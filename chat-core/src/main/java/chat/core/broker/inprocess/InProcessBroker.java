package chat.core.broker.inprocess;

import chat.core.broker.Broker;
import chat.core.broker.BrokerListener;
import chat.core.broker.BrokerUnavailableException;
import chat.core.events.Limit;
import chat.core.history.HistoryBounds;
import chat.core.history.HistoryPolicy;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatCodec;
import chat.core.protocol.ChatMessage;
import chat.core.protocol.MessageType;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The single-instance broker: publishing hands the message straight back to the listener.
 *
 * <p>Each room has a {@link Mailbox}. A publisher appends to it and, unless another thread is already
 * draining that room, drains it itself. So a room's messages reach the listener one at a time in
 * one order, no lock is held while the listener runs (a listener may publish again, for example a
 * LEAVE after closing a slow member), and a publisher never waits for another room. A mailbox
 * holds at most {@code maxBacklogPerRoom} messages and {@link #MAX_BACKLOG_BYTES_PER_ROOM} bytes;
 * past that, publish fails with {@link BrokerUnavailableException} rather than grow without bound.
 *
 * <p>History: a TALK is numbered and stored in the room's in-memory {@link RoomHistory} under the
 * same lock that queues it, so seq order is delivery order. A room's history stays while the room
 * is subscribed and for {@code retention} after its last unsubscribe; a subscribe within that time
 * continues the numbering, later the room starts again from 1. All histories together stay within
 * the policy's rooms and bytes ({@link HistoryStore}): past them the least recently used go first,
 * rooms without subscribers before subscribed ones. A dropped history of a room without subscribers
 * is forgotten with its numbering; a subscribed room keeps its numbering and loses its stored TALKs
 * (a resume is told so with RESYNC).
 *
 * <p>A room outlives an unsubscribe while a thread is still draining it, so a quick unsubscribe
 * and re-subscribe cannot start a second, overlapping delivery loop for the room. Unsubscribing
 * drops the messages still waiting: nobody here is interested in them any more.
 *
 * <p>This class publishes, delivers and reads; {@link Rooms} keeps each room's subscription,
 * history and retention, and forgets rooms no longer used.
 */
public final class InProcessBroker implements Broker {
    public static final int DEFAULT_MAX_BACKLOG_PER_ROOM = 65_536;
    /** Bytes (the messages' JSON) one room's mailbox holds at most while it is delivered. */
    public static final long MAX_BACKLOG_BYTES_PER_ROOM = 16L << 20;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Rooms rooms;
    private volatile BrokerListener listener;
    private volatile boolean closed;

    public InProcessBroker() {
        this(DEFAULT_MAX_BACKLOG_PER_ROOM);
    }

    public InProcessBroker(int maxBacklogPerRoom) {
        this(maxBacklogPerRoom, HistoryPolicy.DEFAULT, Clock.systemUTC());
    }

    public InProcessBroker(HistoryPolicy history) {
        this(DEFAULT_MAX_BACKLOG_PER_ROOM, history, Clock.systemUTC());
    }

    /** @param clock measures how long rooms without members keep their history */
    public InProcessBroker(int maxBacklogPerRoom, HistoryPolicy history, Clock clock) {
        if (maxBacklogPerRoom <= 0) {
            throw new IllegalArgumentException("maxBacklogPerRoom must be positive, was " + maxBacklogPerRoom);
        }
        this.rooms = new Rooms(history, Objects.requireNonNull(clock, "clock"),
                () -> new Mailbox(maxBacklogPerRoom, MAX_BACKLOG_BYTES_PER_ROOM));
    }

    @Override
    public String kind() {
        return "in-process";
    }

    @Override
    public synchronized void start(BrokerListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (this.listener != null) {
            throw new IllegalStateException("broker already started");
        }
        this.listener = listener;
    }

    @Override
    public CompletionStage<Void> subscribe(String roomId) {
        if (closed) {
            return CompletableFuture.failedFuture(new BrokerUnavailableException("broker is closed"));
        }
        rooms.subscribe(roomId);
        return DONE;
    }

    @Override
    public CompletionStage<Void> unsubscribe(String roomId) {
        rooms.unsubscribe(roomId);
        return DONE;
    }

    @Override
    public CompletionStage<ChatMessage> publish(ChatMessage message) {
        if (closed) {
            return CompletableFuture.failedFuture(new BrokerUnavailableException("broker is closed"));
        }
        BrokerListener target = listener;
        if (target == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker not started"));
        }
        Rooms.Room room = rooms.get(message.roomId());
        if (room == null) {
            return unsubscribed(message, target); // nobody here is interested in this room
        }
        HistoryStore.Evictions evictions = HistoryStore.Evictions.NONE;
        boolean drainHere;
        ChatMessage queued;
        synchronized (room) {
            if (!room.subscribed()) {
                return unsubscribed(message, target);
            }
            int bytes = ChatCodec.encodedBytes(message);
            if (!room.mailbox.fits(bytes)) {
                target.limitReached(Limit.BROKER_QUEUE);
                return CompletableFuture.failedFuture(new BrokerUnavailableException("room " + message.roomId()
                        + " has " + room.mailbox.size() + " messages (" + room.mailbox.bytes() + " bytes) waiting"));
            }
            queued = message;
            if (message.type() == MessageType.TALK) {
                Rooms.Appended appended = rooms.append(room, message);
                queued = appended.numbered();
                evictions = appended.evictions();
            }
            drainHere = room.mailbox.add(queued, queued == message ? bytes : ChatCodec.encodedBytes(queued));
        }
        rooms.evict(evictions, target);
        if (drainHere) {
            drain(room, target);
        }
        return CompletableFuture.completedFuture(queued);
    }

    /** A message to a room nobody subscribes: a TALK is numbered and stored all the same, nothing delivered. */
    private CompletionStage<ChatMessage> unsubscribed(ChatMessage message, BrokerListener target) {
        if (message.type() != MessageType.TALK) {
            return CompletableFuture.completedFuture(message);
        }
        Rooms.Appended appended = rooms.appendWithoutSubscribers(message);
        rooms.evict(appended.evictions(), target);
        return CompletableFuture.completedFuture(appended.numbered());
    }

    @Override
    public CompletionStage<HistorySlice> historyAfter(String roomId, long afterSeq, HistoryBounds bounds) {
        Objects.requireNonNull(bounds, "bounds");
        return read(roomId, history -> history.after(afterSeq, bounds));
    }

    @Override
    public CompletionStage<HistorySlice> historyBefore(String roomId, long beforeSeq, HistoryBounds bounds) {
        Objects.requireNonNull(bounds, "bounds");
        return read(roomId, history -> history.before(beforeSeq, bounds));
    }

    private CompletionStage<HistorySlice> read(String roomId, Function<RoomHistory, HistorySlice> query) {
        if (closed) {
            return CompletableFuture.failedFuture(new BrokerUnavailableException("broker is closed"));
        }
        return CompletableFuture.completedFuture(rooms.read(roomId, query));
    }

    private void drain(Rooms.Room room, BrokerListener target) {
        while (true) {
            ChatMessage next;
            synchronized (room) {
                next = room.mailbox.next();
                if (next == null) {
                    rooms.retireIfUnused(room);
                    return;
                }
            }
            try {
                target.onMessage(next);
            } catch (VirtualMachineError fatal) {
                synchronized (room) {
                    room.mailbox.abandon(); // the next publish drains what is left
                }
                throw fatal;
            } catch (Throwable listenerBug) {
                // The listener's own failure must not stop the room: later messages still go out.
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, listenerBug);
            }
        }
    }

    /** Rooms this broker holds state for: subscribed, draining or keeping history. */
    int roomsHeld() {
        return rooms.held();
    }

    /** Rooms whose history is stored, and the bytes they count for. */
    int historyRooms() {
        return rooms.historyRooms();
    }

    long historyBytes() {
        return rooms.historyBytes();
    }

    @Override
    public void close() {
        closed = true;
        rooms.clear();
    }
}
