package chat.core.access;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Remembers a decider's allowing and forbidding decisions per (userId, roomId, action) for a while
 * ({@code ROOM_ACCESS_CACHE_SECONDS}); an unavailable decision is not remembered, so the next
 * request asks again. Requests for a key whose decision is pending share it: a thousand members
 * entering one room at once make one call. At most {@code maxEntries} keys are kept, the least
 * recently used dropped first, so clients asking for ever new rooms cannot grow it. Thread-safe.
 */
public final class CachedRoomAccess implements RoomAccess {
    /** Keys kept at most by default: about 20 MB of heap when full. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final RoomAccess decider;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<Key, Entry> entries;

    /** {@code decider}'s decisions kept for {@code ttl}, {@value #DEFAULT_MAX_ENTRIES} keys at most. */
    public CachedRoomAccess(RoomAccess decider, Duration ttl) {
        this(decider, ttl, DEFAULT_MAX_ENTRIES, System::nanoTime);
    }

    CachedRoomAccess(RoomAccess decider, Duration ttl, int maxEntries, LongSupplier nanoTime) {
        this.decider = Objects.requireNonNull(decider, "decider");
        if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
            throw new IllegalArgumentException("ttl and maxEntries must be positive; were " + ttl + ", " + maxEntries);
        }
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public CompletionStage<AccessDecision> decide(AccessRequest request) {
        Key key = new Key(request.userId(), request.roomId(), request.action());
        Entry entry;
        synchronized (entries) {
            Entry known = entries.get(key);
            if (known != null && known.validAt(nanoTime.getAsLong())) {
                return known.decision;
            }
            entry = new Entry();
            entries.put(key, entry);
        }
        CompletionStage<AccessDecision> asked;
        try {
            asked = decider.decide(request);
        } catch (RuntimeException bug) {
            asked = CompletableFuture.failedFuture(bug);
        }
        asked.whenComplete((decision, failure) -> {
            if (failure == null && !(decision instanceof AccessDecision.Unavailable)) {
                entry.expiresAt = nanoTime.getAsLong() + ttlNanos;
                entry.decision.complete(decision);
            } else {
                synchronized (entries) {
                    entries.remove(key, entry);
                }
                if (failure != null) {
                    entry.decision.completeExceptionally(failure);
                } else {
                    entry.decision.complete(decision);
                }
            }
        });
        return entry.decision;
    }

    /** Keys held now, pending ones included. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private record Key(String userId, String roomId, RoomAction action) {
    }

    private static final class Entry {
        final CompletableFuture<AccessDecision> decision = new CompletableFuture<>();
        /** When a remembered decision expires; pending until the decision is in. */
        volatile long expiresAt;

        boolean validAt(long now) {
            return !decision.isDone() || now - expiresAt < 0;
        }
    }
}
