package chat.core.access;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The deciders that need no configuration, one instance each. */
final class Deciders {
    private static final CompletionStage<AccessDecision> ALLOWED = CompletableFuture.completedFuture(AccessDecision.ALLOWED);
    private static final CompletionStage<AccessDecision> NOT_GRANTED = CompletableFuture.completedFuture(
            AccessDecision.forbidden("your token does not grant this room"));

    static final RoomAccess OPEN = request -> ALLOWED;
    static final RoomAccess BY_TOKEN = request -> request.grants().covers(request.roomId()) ? ALLOWED : NOT_GRANTED;

    private Deciders() {
    }
}
