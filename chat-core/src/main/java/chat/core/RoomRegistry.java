package chat.core;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local members of each room, and this instance's broker interest in it: the first local member
 * subscribes the room, the last one leaving unsubscribes it. Membership changes take one lock, so
 * subscribe and unsubscribe reach the broker in the order the membership changed; reads do not
 * lock.
 */
final class RoomRegistry {

    private static final class Room {
        final Set<Connection> members = ConcurrentHashMap.newKeySet();
        final CompletableFuture<Void> subscribed;

        Room(CompletableFuture<Void> subscribed) {
            this.subscribed = subscribed;
        }
    }

    private final Broker broker;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    RoomRegistry(Broker broker) {
        this.broker = broker;
    }

    /**
     * Adds a member. The returned stage completes when the room's subscription is in effect, or
     * fails when it could not be made; the caller then calls {@link #leave} to roll back.
     */
    CompletableFuture<Void> join(String roomId, Connection member) {
        Room room;
        synchronized (lock) {
            room = rooms.get(roomId);
            if (room == null) {
                room = new Room(subscribe(roomId));
                rooms.put(roomId, room);
            }
            room.members.add(member);
        }
        return room.subscribed;
    }

    /** Removes a member; returns false when it was not one. */
    boolean leave(String roomId, Connection member) {
        synchronized (lock) {
            Room room = rooms.get(roomId);
            if (room == null || !room.members.remove(member)) {
                return false;
            }
            if (room.members.isEmpty()) {
                rooms.remove(roomId);
                broker.unsubscribe(roomId);
            }
            return true;
        }
    }

    /** The room's local members: a live, weakly consistent view; empty when it has none. */
    Set<Connection> members(String roomId) {
        Room room = rooms.get(roomId);
        return room == null ? Set.of() : room.members;
    }

    int roomCount() {
        return rooms.size();
    }

    private CompletableFuture<Void> subscribe(String roomId) {
        try {
            return broker.subscribe(roomId).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
