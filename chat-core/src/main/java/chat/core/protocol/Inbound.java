package chat.core.protocol;

/** What a client's text frame decodes to: a valid command, or the reason it is invalid. */
public sealed interface Inbound permits ClientCommand, HistoryRequest, InvalidFrame {
}
