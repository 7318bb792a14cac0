package chat.core.protocol;

/** A frame the server sends to clients. */
public sealed interface ServerFrame permits ChatMessage, ErrorFrame, ShutdownNotice, ResyncNotice, HistoryPage {
    MessageType type();
}
