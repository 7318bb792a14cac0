package chat.core.access;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a connection may ENTER a room or read its HISTORY. The hub asks before anything
 * about the room reaches the connection, in the connection's command order; while a decision is
 * pending the connection keeps receiving its other rooms' traffic. Implementations are thread-safe
 * and must not block: a decision that takes time (a network call) completes its stage later.
 * A stage that fails counts as {@link AccessDecision.Unavailable}.
 *
 * <p>Direct-message rooms are decided before any deployment's decider is asked
 * ({@link #withDirectRooms}).
 *
 * <pre>{@code
 * RoomAccess staffOnly = request -> CompletableFuture.completedFuture(
 *         request.roomId().startsWith("staff:") && !request.userId().endsWith("@staff")
 *                 ? AccessDecision.forbidden("staff only") : AccessDecision.ALLOWED);
 * }</pre>
 */
@FunctionalInterface
public interface RoomAccess {
    CompletionStage<AccessDecision> decide(AccessRequest request);

    /** Any room ({@code ROOM_ACCESS=open}, the default). One instance: deployments that use it are equal. */
    static RoomAccess open() {
        return Deciders.OPEN;
    }

    /**
     * The rooms the connection's token grants ({@code ROOM_ACCESS=token}, see {@link RoomGrants});
     * a room none of its patterns matches is forbidden.
     */
    static RoomAccess byToken() {
        return Deciders.BY_TOKEN;
    }

    /**
     * This decider behind the direct-message rule: a {@code dm:} room is decided by
     * {@link DirectRooms#decide} alone, any other room by {@code this}.
     */
    default RoomAccess withDirectRooms() {
        RoomAccess others = this;
        return request -> DirectRooms.isDirect(request.roomId())
                ? CompletableFuture.completedFuture(DirectRooms.decide(request.userId(), request.roomId()))
                : others.decide(request);
    }
}
