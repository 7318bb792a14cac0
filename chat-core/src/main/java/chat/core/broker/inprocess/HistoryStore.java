package chat.core.broker.inprocess;

import chat.core.events.Limit;
import chat.core.history.HistoryPolicy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-process broker's account of every room history it stores, bounded in rooms and bytes
 * ({@link HistoryPolicy#maxRooms()}, {@link HistoryPolicy#maxBytes()}). Rooms are kept in least
 * recently used order, in two lists: rooms without subscribers (kept only for their retention
 * time) and subscribed ones. Past a bound, idle rooms go first, oldest use first; then subscribed
 * ones; a room that alone is larger than the byte bound loses its oldest TALKs.
 *
 * <p>Thread-safety: one lock of its own. Callers may hold a room's lock when they call in (room
 * first, then store), never the other way round: the victims {@link #stored} picks are returned to
 * the caller, which drops their messages after releasing its own room's lock.
 */
final class HistoryStore {
    /** What a room's history costs besides its TALKs' JSON: the room, its queue, the entries here. */
    static final int ROOM_OVERHEAD_BYTES = 256;

    /** A room whose history must be dropped, already taken out of the account. */
    record Victim(String roomId, RoomHistory history, Limit limit) {
    }

    /**
     * What keeping the bounds took: other rooms whose histories the caller must drop, and whether
     * the room that grew lost its own oldest TALKs (already dropped).
     */
    record Evictions(List<Victim> victims, boolean trimmedItself) {
        static final Evictions NONE = new Evictions(List.of(), false);
    }

    private static final class Entry {
        final RoomHistory history;
        long bytes;

        Entry(RoomHistory history) {
            this.history = history;
        }
    }

    private final int maxRooms;
    private final long maxBytes;
    // guarded by this; access-ordered, so iteration starts with the least recently used
    private final LinkedHashMap<String, Entry> idle = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<String, Entry> subscribed = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    HistoryStore(int maxRooms, long maxBytes) {
        this.maxRooms = maxRooms;
        this.maxBytes = maxBytes;
    }

    /**
     * Accounts for {@code history} of {@code roomId} after a TALK was stored in it (under the room's
     * lock), marking it the most recently used. Returns the other rooms whose histories the caller
     * must drop, after releasing its lock, to keep the store within its bounds.
     */
    synchronized Evictions stored(String roomId, RoomHistory history, boolean isSubscribed) {
        Map<String, Entry> list = isSubscribed ? subscribed : idle;
        Entry entry = list.get(roomId);
        if (entry == null || entry.history != history) {
            forgetLocked(roomId);
            entry = new Entry(history);
            list.put(roomId, entry);
        }
        resize(entry, history);
        if (rooms() <= maxRooms && bytes <= maxBytes) {
            return Evictions.NONE;
        }
        List<Victim> victims = new ArrayList<>(1);
        while (rooms() > maxRooms && evictOldest(roomId, Limit.HISTORY_ROOMS, victims)) {
            // evicted one
        }
        while (bytes > maxBytes && evictOldest(roomId, Limit.HISTORY_BYTES, victims)) {
            // evicted one
        }
        boolean trimmed = false;
        while (bytes > maxBytes && history.hasMessages()) {
            history.dropOldest(); // this room alone is larger than the store: it loses its oldest TALKs
            resize(entry, history);
            trimmed = true;
        }
        return new Evictions(victims, trimmed);
    }

    /** The room's subscription changed: its history moves to the other list. */
    synchronized void subscriptionChanged(String roomId, RoomHistory history, boolean isSubscribed) {
        Map<String, Entry> from = isSubscribed ? idle : subscribed;
        Entry entry = from.get(roomId);
        if (entry != null && entry.history == history) {
            from.remove(roomId);
            (isSubscribed ? subscribed : idle).put(roomId, entry);
        }
    }

    /** {@code history} of {@code roomId} was dropped or emptied: it no longer counts. */
    synchronized void forget(String roomId, RoomHistory history) {
        Entry entry = idle.get(roomId);
        if (entry == null) {
            entry = subscribed.get(roomId);
        }
        if (entry != null && entry.history == history) {
            forgetLocked(roomId);
        }
    }

    synchronized int rooms() {
        return idle.size() + subscribed.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    private void resize(Entry entry, RoomHistory history) {
        long now = history.bytes() + ROOM_OVERHEAD_BYTES;
        bytes += now - entry.bytes;
        entry.bytes = now;
    }

    /** Takes the least recently used room but {@code keep} out of the account, idle ones first. */
    private boolean evictOldest(String keep, Limit limit, List<Victim> victims) {
        for (LinkedHashMap<String, Entry> list : List.of(idle, subscribed)) {
            for (Iterator<Map.Entry<String, Entry>> oldestFirst = list.entrySet().iterator(); oldestFirst.hasNext(); ) {
                Map.Entry<String, Entry> oldest = oldestFirst.next();
                if (!oldest.getKey().equals(keep)) {
                    oldestFirst.remove();
                    bytes -= oldest.getValue().bytes;
                    victims.add(new Victim(oldest.getKey(), oldest.getValue().history, limit));
                    return true;
                }
            }
        }
        return false;
    }

    private void forgetLocked(String roomId) {
        Entry entry = idle.remove(roomId);
        if (entry == null) {
            entry = subscribed.remove(roomId);
        }
        if (entry != null) {
            bytes -= entry.bytes;
        }
    }
}
