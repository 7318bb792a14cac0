package chat.core.protocol;

import java.util.Objects;

/**
 * A client's {@code HISTORY} frame: the newest {@code limit} stored TALKs of a room with a seq
 * below {@code beforeSeq}.
 *
 * @param beforeSeq exclusive upper bound; {@link Long#MAX_VALUE} for the newest messages
 * @param limit     1 to {@link #MAX_LIMIT}
 */
public record HistoryRequest(String roomId, long beforeSeq, int limit) implements Inbound {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    public HistoryRequest {
        Objects.requireNonNull(roomId, "roomId");
        if (beforeSeq < 1) {
            throw new IllegalArgumentException("beforeSeq must be positive: " + beforeSeq);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ": " + limit);
        }
    }
}
