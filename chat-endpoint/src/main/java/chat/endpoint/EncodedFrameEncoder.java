package chat.endpoint;

import chat.core.protocol.EncodedFrame;
import jakarta.websocket.Encoder;

/** Writes a frame the hub encoded once for all of its recipients. */
public final class EncodedFrameEncoder implements Encoder.Text<EncodedFrame> {
    @Override
    public String encode(EncodedFrame frame) {
        return frame.json();
    }
}
