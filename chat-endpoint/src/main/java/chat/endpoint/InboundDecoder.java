package chat.endpoint;

import chat.core.protocol.ChatCodec;
import chat.core.protocol.Inbound;
import jakarta.websocket.Decoder;

/**
 * Decodes a client's text frame. Never fails: a bad frame decodes to an
 * {@link chat.core.protocol.InvalidFrame} that the hub answers with an ERROR frame, so the connection stays
 * open.
 */
public final class InboundDecoder implements Decoder.Text<Inbound> {
    // Containers create a decoder per session; the codec is stateless and thread-safe, so all share one.
    private static final ChatCodec CODEC = new ChatCodec();

    @Override
    public Inbound decode(String text) {
        return CODEC.decodeClient(text);
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }
}
