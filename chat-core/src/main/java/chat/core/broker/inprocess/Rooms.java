package chat.core.broker.inprocess;

import chat.core.broker.BrokerListener;
import chat.core.events.Limit;
import chat.core.history.HistoryPolicy;
import chat.core.history.HistorySlice;
import chat.core.protocol.ChatMessage;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The rooms the in-process broker holds state for, each with its {@link Mailbox} and its
 * {@link RoomHistory}: whether a room is subscribed, how long a room without subscribers keeps its
 * history and numbering ({@code retention}), dropping the histories the {@link HistoryStore} picks to
 * stay within its bounds, and forgetting a room nobody subscribes, drains or keeps history of.
 *
 * <p>Thread-safety: each {@link Room} is guarded by itself; a room's lock is taken before the store's.
 * A retired room is out of the map for good: a subscribe that finds one takes a new room.
 */
final class Rooms {
    private static final long SWEEP_INTERVAL_MILLIS = 1_000;

    /** One room's mailbox and history; every field is guarded by the room itself. */
    static final class Room {
        final String id;
        final Mailbox mailbox;
        private RoomHistory history; // null until the room's first TALK
        private long idleSinceMillis;
        private boolean subscribed;
        private boolean retired;

        private Room(String id, Mailbox mailbox) {
            this.id = id;
            this.mailbox = mailbox;
        }

        /** Whether published messages are queued for the listener. */
        boolean subscribed() {
            return subscribed;
        }

        private boolean expired(long nowMillis, long retentionMillis) {
            return !subscribed && nowMillis - idleSinceMillis >= retentionMillis;
        }
    }

    /** A TALK numbered and stored in its room's history, and the other histories to drop for it. */
    record Appended(ChatMessage numbered, HistoryStore.Evictions evictions) {
    }

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final HistoryStore store;
    private final int historySize;
    private final long retentionMillis;
    private final Clock clock;
    private final Supplier<Mailbox> mailboxes;
    private volatile long nextSweepMillis;

    /** @param mailboxes makes each new room's mailbox */
    Rooms(HistoryPolicy history, Clock clock, Supplier<Mailbox> mailboxes) {
        this.historySize = history.size();
        this.retentionMillis = history.retention().toMillis();
        this.store = new HistoryStore(history.maxRooms(), history.maxBytes());
        this.clock = clock;
        this.mailboxes = mailboxes;
    }

    /** Subscribes {@code roomId}; a room idle past its retention starts its numbering again. */
    void subscribe(String roomId) {
        sweepIfDue();
        while (true) {
            Room room = rooms.computeIfAbsent(roomId, id -> new Room(id, mailboxes.get()));
            synchronized (room) {
                if (!room.retired) {
                    if (room.expired(clock.millis(), retentionMillis)) {
                        dropHistory(room); // idle past its retention: numbering starts again
                    }
                    room.subscribed = true;
                    if (room.history != null) {
                        store.subscriptionChanged(roomId, room.history, true);
                    }
                    return;
                }
            }
            // lost a race with a retiring drainer or sweep: it is removing that room; take a new one
        }
    }

    /** Unsubscribes {@code roomId}: its waiting messages are dropped, its history kept for the retention. */
    void unsubscribe(String roomId) {
        Room room = rooms.get(roomId);
        if (room != null) {
            synchronized (room) {
                room.subscribed = false;
                room.idleSinceMillis = clock.millis();
                room.mailbox.clear();
                if (room.history != null) {
                    store.subscriptionChanged(roomId, room.history, false);
                }
                retireIfUnused(room);
            }
        }
        sweepIfDue();
    }

    /** The room held for {@code roomId}, or null: nobody here is interested in it. */
    Room get(String roomId) {
        return rooms.get(roomId);
    }

    /** Under the room's lock: numbers {@code talk} and stores it in the room's history. */
    Appended append(Room room, ChatMessage talk) {
        if (room.history == null) {
            room.history = new RoomHistory(historySize);
        }
        ChatMessage numbered = room.history.append(talk);
        return new Appended(numbered, store.stored(room.id, room.history, room.subscribed));
    }

    /**
     * Numbers and stores a TALK for a room that may have no subscriber (a server-side publish): a
     * room idle past its retention starts its numbering again, and the retention starts anew.
     */
    Appended appendWithoutSubscribers(ChatMessage talk) {
        sweepIfDue();
        while (true) {
            Room room = rooms.computeIfAbsent(talk.roomId(), id -> new Room(id, mailboxes.get()));
            synchronized (room) {
                if (!room.retired) {
                    if (room.expired(clock.millis(), retentionMillis)) {
                        dropHistory(room);
                    }
                    if (!room.subscribed) {
                        room.idleSinceMillis = clock.millis();
                    }
                    return append(room, talk);
                }
            }
            // lost a race with a retiring drainer or sweep: take a new room
        }
    }

    /** Drops the histories the store picked to stay within its bounds; after the publishing room's lock is released. */
    void evict(HistoryStore.Evictions evictions, BrokerListener target) {
        if (evictions.trimmedItself()) {
            target.limitReached(Limit.HISTORY_BYTES);
        }
        for (HistoryStore.Victim victim : evictions.victims()) {
            Room room = rooms.get(victim.roomId());
            if (room != null) {
                synchronized (room) {
                    if (room.history == victim.history()) {
                        if (room.subscribed) {
                            room.history.clear(); // members here: the numbering goes on
                            store.forget(victim.roomId(), room.history);
                        } else {
                            dropHistory(room);
                            retireIfUnused(room);
                        }
                    }
                }
            }
            target.limitReached(victim.limit());
        }
    }

    /** Answers {@code query} from the room's history; no history when there is none or it expired. */
    HistorySlice read(String roomId, Function<RoomHistory, HistorySlice> query) {
        Room room = rooms.get(roomId);
        if (room == null) {
            return RoomHistory.none();
        }
        synchronized (room) {
            boolean gone = room.history == null || room.expired(clock.millis(), retentionMillis);
            return gone ? RoomHistory.none() : query.apply(room.history);
        }
    }

    /** Under the room's lock: forget a room nobody subscribes, drains or keeps history of. */
    void retireIfUnused(Room room) {
        if (!room.subscribed && !room.mailbox.draining() && !room.retired
                && (room.history == null || room.expired(clock.millis(), retentionMillis))) {
            dropHistory(room);
            room.retired = true;
            rooms.remove(room.id, room);
        }
    }

    /** Under the room's lock: forgets its history and numbering. */
    private void dropHistory(Room room) {
        if (room.history != null) {
            store.forget(room.id, room.history);
            room.history = null;
        }
    }

    /** Forgets the histories of rooms idle past their retention; at most once a second. */
    private void sweepIfDue() {
        long now = clock.millis();
        if (now < nextSweepMillis) {
            return;
        }
        nextSweepMillis = now + SWEEP_INTERVAL_MILLIS;
        rooms.forEach((roomId, room) -> {
            synchronized (room) {
                retireIfUnused(room);
            }
        });
    }

    /** Rooms held: subscribed, draining or keeping history. */
    int held() {
        return rooms.size();
    }

    /** Rooms whose history is stored, and the bytes they count for. */
    int historyRooms() {
        return store.rooms();
    }

    long historyBytes() {
        return store.bytes();
    }

    void clear() {
        rooms.clear();
    }
}
