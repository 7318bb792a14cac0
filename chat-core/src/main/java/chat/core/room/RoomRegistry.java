package chat.core.room;

import chat.core.broker.Broker;
import chat.core.connection.Connection;
import chat.core.history.HistoryBounds;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Local members of each room, and this instance's broker interest in it: the first local member
 * subscribes the room, the last one leaving unsubscribes it. Membership changes take one lock, so
 * subscribe and unsubscribe reach the broker in the order the membership changed; reads do not
 * lock.
 */
public final class RoomRegistry {

    private static final class Room {
        final RoomFeed feed;
        final CompletableFuture<Void> subscribed;

        Room(RoomFeed feed, CompletableFuture<Void> subscribed) {
            this.feed = feed;
            this.subscribed = subscribed;
        }
    }

    private final Broker broker;
    private final Function<String, RoomFeed> newFeed;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    /** @param newFeed makes the feed of a room that gets its first local member */
    public RoomRegistry(Broker broker, Function<String, RoomFeed> newFeed) {
        this.broker = broker;
        this.newFeed = newFeed;
    }

    /**
     * Adds a member. The returned stage completes when the room's subscription is in effect, or
     * fails when it could not be made; the caller then calls {@link #leave} to roll back. Empty,
     * and nothing added, when the room has no local member yet and this instance already holds
     * {@code maxRooms} rooms.
     */
    public Optional<CompletableFuture<Void>> join(String roomId, Seat seat, int maxRooms) {
        Room room;
        synchronized (lock) {
            room = rooms.get(roomId);
            if (room == null) {
                if (rooms.size() >= maxRooms) {
                    return Optional.empty();
                }
                RoomFeed feed = newFeed.apply(roomId);
                room = new Room(feed, subscribe(roomId, feed));
                rooms.put(roomId, room);
            }
            room.feed.add(seat);
        }
        return Optional.of(room.subscribed);
    }

    /** Removes a member; returns false when it was not one. */
    public boolean leave(String roomId, Connection member) {
        synchronized (lock) {
            Room room = rooms.get(roomId);
            if (room == null || !room.feed.remove(member)) {
                return false;
            }
            if (room.feed.isEmpty()) {
                rooms.remove(roomId);
                room.feed.close();
                broker.unsubscribe(roomId);
            }
            return true;
        }
    }

    /** The room's feed, or null when it has no local member. */
    public RoomFeed feed(String roomId) {
        Room room = rooms.get(roomId);
        return room == null ? null : room.feed;
    }

    public int roomCount() {
        return rooms.size();
    }

    /**
     * Subscribes the room; once that is in effect, reads the room's latest seq in the background,
     * so the feed knows where a recovery would start (joins do not wait for it).
     */
    private CompletableFuture<Void> subscribe(String roomId, RoomFeed feed) {
        CompletableFuture<Void> subscribed;
        try {
            subscribed = broker.subscribe(roomId).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        subscribed.thenRun(() -> {
            try {
                broker.historyBefore(roomId, Long.MAX_VALUE, HistoryBounds.NONE)
                        .thenAccept(latest -> feed.startAt(latest.latestSeq()));
            } catch (RuntimeException ignored) {
                // without a start the feed takes the first TALK as it comes; recovery begins from there
            }
        });
        return subscribed;
    }
}
