package chat.core.access;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachedRoomAccessTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<CompletableFuture<AccessDecision>> calls = new CopyOnWriteArrayList<>();
    private final RoomAccess decider = request -> {
        CompletableFuture<AccessDecision> call = new CompletableFuture<>();
        calls.add(call);
        return call;
    };
    private final CachedRoomAccess cache = new CachedRoomAccess(decider, Duration.ofNanos(100), 3, now::get);

    private static AccessRequest request(String user, String room, RoomAction action) {
        return new AccessRequest(user, room, action, RoomGrants.NONE);
    }

    private AccessDecision decide(String user, String room) {
        return cache.decide(request(user, room, RoomAction.ENTER)).toCompletableFuture().getNow(null);
    }

    @Test
    void anAllowAndARefusalAreRememberedUntilTheyExpire() {
        cache.decide(request("alice", "r", RoomAction.ENTER));
        calls.get(0).complete(AccessDecision.ALLOWED);
        cache.decide(request("bob", "r", RoomAction.ENTER));
        calls.get(1).complete(AccessDecision.forbidden("no"));

        now.addAndGet(99);
        assertEquals(AccessDecision.ALLOWED, decide("alice", "r"));
        assertInstanceOf(AccessDecision.Forbidden.class, decide("bob", "r"));
        assertEquals(2, calls.size(), "remembered, not asked again");

        now.addAndGet(1);
        assertEquals(null, decide("alice", "r"), "expired: asked again, pending");
        assertEquals(3, calls.size());
    }

    @Test
    void eachUserRoomAndActionIsDecidedOnItsOwn() {
        cache.decide(request("alice", "r", RoomAction.ENTER));
        cache.decide(request("alice", "r", RoomAction.HISTORY));
        cache.decide(request("alice", "s", RoomAction.ENTER));
        assertEquals(3, calls.size());
    }

    @Test
    void requestsForAPendingKeyShareOneCall() {
        CompletionStage<AccessDecision> first = cache.decide(request("alice", "r", RoomAction.ENTER));
        CompletionStage<AccessDecision> second = cache.decide(request("alice", "r", RoomAction.ENTER));
        assertEquals(1, calls.size());
        calls.get(0).complete(AccessDecision.ALLOWED);
        assertEquals(AccessDecision.ALLOWED, first.toCompletableFuture().getNow(null));
        assertEquals(AccessDecision.ALLOWED, second.toCompletableFuture().getNow(null));
    }

    @Test
    void anUnavailableDecisionOrAFailureIsPassedOnAndNotRemembered() {
        CompletionStage<AccessDecision> first = cache.decide(request("alice", "r", RoomAction.ENTER));
        calls.get(0).complete(AccessDecision.unavailable("timeout"));
        assertInstanceOf(AccessDecision.Unavailable.class, first.toCompletableFuture().getNow(null));
        CompletionStage<AccessDecision> second = cache.decide(request("alice", "r", RoomAction.ENTER));
        assertEquals(2, calls.size(), "asked again at once");
        calls.get(1).completeExceptionally(new IllegalStateException("down"));
        assertTrue(second.toCompletableFuture().isCompletedExceptionally());
        cache.decide(request("alice", "r", RoomAction.ENTER));
        assertEquals(3, calls.size());
    }

    @Test
    void atMostMaxEntriesKeysAreKeptTheLeastRecentlyUsedDroppedFirst() {
        for (String room : List.of("a", "b", "c")) {
            cache.decide(request("alice", room, RoomAction.ENTER));
        }
        calls.forEach(call -> call.complete(AccessDecision.ALLOWED));
        decide("alice", "a"); // a is now the most recently used
        cache.decide(request("alice", "d", RoomAction.ENTER));
        assertEquals(3, cache.size());
        assertEquals(AccessDecision.ALLOWED, decide("alice", "a"));
        assertEquals(AccessDecision.ALLOWED, decide("alice", "c"));
        assertEquals(4, calls.size());
        assertFalse(decide("alice", "b") == AccessDecision.ALLOWED, "b was dropped: asked again");
        assertEquals(5, calls.size());
    }
}
