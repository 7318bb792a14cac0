package chat.runner.attack;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Parses server frames from raw bytes: header, extended length, optional mask, payload. Stateless. */
final class FrameReader {
    private FrameReader() {
    }

    /**
     * The next frame, or null when the stream ends cleanly between frames.
     *
     * @param maxPayload a frame announcing more is refused with an IOException saying so, rather than
     *                   buffered: a test's memory is bounded whatever the server sends
     * @throws EOFException when the stream ends inside a frame
     */
    static WireFrame read(InputStream in, int maxPayload) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = next(in);
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (long) next(in) << 8 | next(in);
        } else if (length == 127) {
            length = 0;
            for (int k = 0; k < 8; k++) {
                length = length << 8 | next(in);
            }
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] key = masked ? exactly(in, 4) : null;
        if (length < 0 || length > maxPayload) {
            throw new IOException("server frame (opcode 0x" + Integer.toHexString(b0 & 0xF) + ") announces "
                    + Long.toUnsignedString(length) + " payload bytes, over this reader's limit of " + maxPayload);
        }
        byte[] payload = exactly(in, (int) length);
        if (key != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        return new WireFrame((b0 & 0x80) != 0, b0 >>> 4 & 7, b0 & 0xF, masked, payload);
    }

    private static int next(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("stream ended inside a frame header");
        }
        return b;
    }

    private static byte[] exactly(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("stream ended after " + bytes.length + " of " + n + " payload bytes");
        }
        return bytes;
    }
}
