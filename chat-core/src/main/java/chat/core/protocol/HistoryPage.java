package chat.core.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@link HistoryRequest}: stored TALKs in seq order.
 *
 * @param more true when older messages are still stored before the first one here
 */
public record HistoryPage(String roomId, List<ChatMessage> messages, boolean more) implements ServerFrame {
    public HistoryPage {
        Objects.requireNonNull(roomId, "roomId");
        messages = List.copyOf(messages);
    }

    @Override
    public MessageType type() {
        return MessageType.HISTORY;
    }
}
